namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The values one variable position took: their range when they are integers, and how many there were, counted up to
/// <see cref="MaxDistinct"/> ("16+ values" says enough, and a small array is far cheaper than a set on every message).
/// </summary>
internal sealed class VariableStats
{
    public const int MaxDistinct = 16;

    private readonly ulong[] _distinct = new ulong[MaxDistinct];
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
        if (Overflowed || _distinct.AsSpan(0, _count).Contains(valueHash))
        {
            return;
        }
        if (_count == MaxDistinct)
        {
            Overflowed = true;
            return;
        }
        _distinct[_count++] = valueHash;
    }

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
        foreach (var value in other._distinct.AsSpan(0, other._count))
        {
            AddValue(value);
        }
        Overflowed |= other.Overflowed;
    }
}
