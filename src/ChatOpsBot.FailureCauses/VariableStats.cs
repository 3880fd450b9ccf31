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

    public void Add(in Token token)
    {
        if (token.HasValue)
        {
            if (token.Value < Min)
            {
                Min = token.Value;
            }
            if (token.Value > Max)
            {
                Max = token.Value;
            }
        }
        else
        {
            AllIntegers = false;
        }
        AddValue(token.ValueHash);
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
