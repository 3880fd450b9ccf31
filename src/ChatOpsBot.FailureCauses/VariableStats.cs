namespace ChatOpsBot.FailureCauses;

/// <summary>The values one variable position took: their range when they are integers, and how many there were (counted up to a cap).</summary>
internal sealed class VariableStats
{
    public const int MaxDistinct = 256;

    private readonly HashSet<ulong> _distinct = [];

    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; } = long.MinValue;
    public bool AllIntegers { get; private set; } = true;
    public bool Overflowed { get; private set; }
    public int Distinct => Overflowed ? MaxDistinct : _distinct.Count;

    public void Add(in Token token)
    {
        if (token.HasValue)
        {
            Min = Math.Min(Min, token.Value);
            Max = Math.Max(Max, token.Value);
        }
        else
        {
            AllIntegers = false;
        }
        AddValue(token.ValueHash);
    }

    public void AddValue(ulong valueHash)
    {
        if (!Overflowed && _distinct.Add(valueHash) && _distinct.Count == MaxDistinct)
        {
            Overflowed = true;
        }
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
        Overflowed |= other.Overflowed;
        foreach (var value in other._distinct)
        {
            if (Overflowed)
            {
                break;
            }
            AddValue(value);
        }
    }
}
