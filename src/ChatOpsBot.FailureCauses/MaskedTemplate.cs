namespace ChatOpsBot.FailureCauses;

/// <summary>
/// All messages whose lead lines are equal once masked ("ECC uncorrectable on NPU ‹n›"): how many, their first servers,
/// the values of each masked part, and the ordinally smallest message as the example (so the example does not depend on
/// the order the messages came in).
/// </summary>
internal sealed class MaskedTemplate
{
    private readonly List<(int Index, string Name)> _servers;
    private readonly int _serversKept;

    public MaskedTemplate(ulong hash, ReadOnlySpan<Token> tokens, string message, int index, string? server, int serversKept)
    {
        Hash = hash;
        TokenHashes = new ulong[tokens.Length];
        Kinds = new TokenKind[tokens.Length];
        Stats = new VariableStats?[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            TokenHashes[i] = tokens[i].Hash;
            Kinds[i] = tokens[i].Kind;
            if (tokens[i].IsVariable)
            {
                Stats[i] = new VariableStats();
            }
        }
        _serversKept = serversKept;
        _servers = new List<(int, string)>(Math.Min(serversKept, 4));
        Example = message;
        Add(tokens, message, index, server);
    }

    public ulong Hash { get; }
    public ulong[] TokenHashes { get; }
    public TokenKind[] Kinds { get; }
    public VariableStats?[] Stats { get; }
    public int Count { get; private set; }
    public string Example { get; private set; }
    public IReadOnlyList<(int Index, string Name)> Servers => _servers;

    /// <summary>Counts a message whose text an earlier one of this template had: its values and the example stay as they are.</summary>
    public void AddRepeat(int index, string? server)
    {
        Count++;
        if (server is not null && _servers.Count < _serversKept)
        {
            _servers.Add((index, server));
        }
    }

    public void Add(ReadOnlySpan<Token> tokens, string message, int index, string? server)
    {
        Count++;
        if (string.CompareOrdinal(message, Example) < 0)
        {
            Example = message;
        }
        if (server is not null && _servers.Count < _serversKept)
        {
            _servers.Add((index, server));
        }
        for (var i = 0; i < Stats.Length; i++)
        {
            Stats[i]?.Add(message, tokens[i]);
        }
    }
}
