namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The values one variable position took: their range when they are integers, and how many there were, counted up to
/// <see cref="MaxDistinct"/> ("16+ values" says enough, and a small array is far cheaper than a set on every message).
/// </summary>
internal sealed class VariableStats
{
    public const int MaxDistinct = 16;

    // Most positions take one or two values: the first two are kept in fields, the rest in an array made when needed.
    private ulong _first;
    private ulong _second;
    private ulong[]? _more;
    private int _count;

    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; } = long.MinValue;
    public bool AllIntegers { get; private set; } = true;
    public bool Overflowed { get; private set; }
    public int Distinct => Overflowed ? MaxDistinct : _count;

    /// <summary>Counts the value a token had in <paramref name="text"/>; reads it only while that can still change the summary.</summary>
    public void Add(string text, in Token token)
    {
        if (AllIntegers)
        {
            if (token.Integer && MessageTokenizer.TryInteger(token.ValueOf(text), out var value))
            {
                Min = Math.Min(Min, value);
                Max = Math.Max(Max, value);
            }
            else
            {
                AllIntegers = false;
            }
        }
        if (!Overflowed)
        {
            AddValue(StableHash.Of(token.ValueOf(text)));
        }
    }

    public void AddValue(ulong valueHash)
    {
        if (Overflowed || Contains(valueHash))
        {
            return;
        }
        switch (_count)
        {
            case 0:
                _first = valueHash;
                break;
            case 1:
                _second = valueHash;
                break;
            case MaxDistinct:
                Overflowed = true;
                return;
            default:
                _more ??= new ulong[MaxDistinct - 2];
                _more[_count - 2] = valueHash;
                break;
        }
        _count++;
    }

    private bool Contains(ulong valueHash) =>
        (_count > 0 && _first == valueHash) || (_count > 1 && _second == valueHash)
        || (_count > 2 && _more.AsSpan(0, _count - 2).Contains(valueHash));

    public void AddWord(ulong wordHash)
    {
        AllIntegers = false;
        AddValue(wordHash);
    }

    public void Merge(VariableStats other)
    {
        if (other.AllIntegers && other.Min <= other.Max)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
        AllIntegers &= other.AllIntegers;
        if (other._count > 0)
        {
            AddValue(other._first);
        }
        if (other._count > 1)
        {
            AddValue(other._second);
        }
        if (other._count > 2)
        {
            foreach (var value in other._more.AsSpan(0, other._count - 2))
            {
                AddValue(value);
            }
        }
        Overflowed |= other.Overflowed;
    }
}
