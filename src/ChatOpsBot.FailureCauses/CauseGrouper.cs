using System.Globalization;
using System.Text;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Groups failed task messages by cause. <see cref="Add"/> each message (with its server) as it comes; it is masked and
/// counted under its masked template at once. <see cref="Group"/> then merges the masked templates that differ only in
/// a few words, Drain-style (a tree by token count and the first two tokens, then the most similar group above a
/// threshold), over the distinct templates in the order of their hashes, so the causes and their keys depend only on
/// the set of messages, not on their order. Cheap: the merge sees distinct templates, not messages. Not thread-safe.
/// </summary>
public sealed class CauseGrouper(CauseGrouperOptions? options = null, int capacity = 0)
{
    /// <summary>What a task without a message is grouped under.</summary>
    public const string NoMessage = "(no message)";

    private static readonly ulong CloseBracket = StableHash.Of("]");
    private static readonly ulong CloseParenthesis = StableHash.Of(")");

    private readonly CauseGrouperOptions _options = options ?? CauseGrouperOptions.Default;
    private readonly Dictionary<ulong, MaskedTemplate> _templates = [];
    // Sized up front when the caller knows how many: growing a list of 10,000 would reach the large object heap.
    private readonly List<MaskedTemplate> _messages = new(capacity);
    private readonly Token[] _tokens = new Token[MessageTokenizer.MaxTokens];
    private readonly ReferenceLines _lines = new();
    private readonly RepeatedMessages _repeated = new(capacity);

    /// <summary>How many messages were added.</summary>
    public int Count => _messages.Count;

    /// <summary>Adds one failed task's message; returns its index, the one <see cref="CauseGrouping.CauseOf"/> takes.</summary>
    public int Add(string? message, string? server = null)
    {
        var text = string.IsNullOrWhiteSpace(message) ? NoMessage : message;
        var index = _messages.Count;
        // The same text again (a fleet fails with one message more often than not): the same template, and its values
        // were counted already.
        ref var seen = ref _repeated.Slot(text);
        if (seen.Matches(text))
        {
            seen.Template.AddRepeat(index, server);
            _messages.Add(seen.Template);
            return index;
        }
        var (start, end) = MessageTokenizer.LeadLine(text);
        // A line like one tokenized before, digits aside: the same tokens, the same template.
        if (_lines.Find(text, start, end) is { Template: { } known } line)
        {
            known.Add(line.Tokens, text, index, server);
            seen = new RepeatedMessages.Entry(text, known);
            _messages.Add(known);
            return index;
        }
        var count = MessageTokenizer.Tokenize(text, start, end, _tokens, _lines.Nearest(start, end), out _);
        var tokens = _tokens.AsSpan(0, count);
        var hash = StableHash.Add(StableHash.Seed, (ulong)count);
        foreach (ref readonly var token in tokens)
        {
            hash = StableHash.Add(hash, token.Hash);
        }
        if (_templates.TryGetValue(hash, out var template))
        {
            template.Add(tokens, text, index, server);
        }
        else
        {
            template = new MaskedTemplate(hash, tokens, text, index, server, _options.ServersPerCause);
            _templates.Add(hash, template);
        }
        seen = new RepeatedMessages.Entry(text, template);
        _messages.Add(template);
        _lines.Remember(text, start, end, tokens, template);
        return index;
    }

    /// <summary>The causes of every message added so far, largest first.</summary>
    public CauseGrouping Group()
    {
        // Adding is over as a rule (a later Add still works, with an empty table of repeats).
        _repeated.Release();
        var templates = _templates.Values.ToArray();
        Array.Sort(templates, static (a, b) => a.Hash.CompareTo(b.Hash));
        var leaves = new Dictionary<(int, ulong), List<CauseCluster>>();
        var clusters = new List<CauseCluster>();
        var clusterOf = new Dictionary<MaskedTemplate, CauseCluster>(templates.Length);
        foreach (var template in templates)
        {
            var leaf = (template.TokenHashes.Length, TreeToken(template, 0));
            if (!leaves.TryGetValue(leaf, out var candidates))
            {
                candidates = [];
                leaves.Add(leaf, candidates);
            }
            CauseCluster? best = null;
            var bestSimilarity = -1.0;
            foreach (var candidate in candidates)
            {
                var similarity = candidate.Similarity(template);
                if (similarity > bestSimilarity)
                {
                    (best, bestSimilarity) = (candidate, similarity);
                }
            }
            if (best is not null && bestSimilarity >= _options.SimilarityThreshold)
            {
                best.Add(template);
            }
            else
            {
                best = new CauseCluster(template);
                candidates.Add(best);
                clusters.Add(best);
            }
        }
        var split = new List<CauseCluster>(clusters.Count);
        foreach (var cluster in clusters)
        {
            SplitByFewValues(cluster, split);
        }
        clusters = split;
        foreach (var cluster in clusters)
        {
            foreach (var member in cluster.Members)
            {
                clusterOf.Add(member, cluster);
            }
        }

        var causes = new Dictionary<CauseCluster, FailureCause>(clusters.Count);
        var ordered = new List<FailureCause>(clusters.Count);
        foreach (var parts in MergeAcrossLengths(clusters))
        {
            var cause = ToCause(parts);
            ordered.Add(cause);
            foreach (var part in parts)
            {
                causes.Add(part, cause);
            }
        }
        ordered.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));
        var causeOfTemplate = new Dictionary<MaskedTemplate, FailureCause>(templates.Length);
        foreach (var (template, cluster) in clusterOf)
        {
            causeOfTemplate.Add(template, causes[cluster]);
        }
        // The messages added so far keep their templates (Add only appends): no array of one cause per message.
        return new CauseGrouping(ordered, _messages, _messages.Count, causeOfTemplate);
    }

    // A position whose words take only a few values tells causes apart: split on the one with the fewest, again and
    // again, until every varying position takes enough values to be a variable.
    private void SplitByFewValues(CauseCluster cluster, List<CauseCluster> output)
    {
        if (cluster.Members.Count < 2)
        {
            output.Add(cluster);
            return;
        }
        var position = -1;
        var fewest = int.MaxValue;
        var values = new HashSet<ulong>();
        for (var i = 0; i < cluster.Template.Length; i++)
        {
            if (cluster.Template[i] != CauseCluster.Wild)
            {
                continue;
            }
            values.Clear();
            var words = true;
            var plain = false;
            foreach (var member in cluster.Members)
            {
                values.Add(member.TokenHashes[i]);
                words &= member.Kinds[i] is < TokenKind.Number or TokenKind.Mixed;
                plain |= member.Kinds[i] < TokenKind.Number;
            }
            var units = i > 0 && cluster.Members.TrueForAll(member =>
                member.Kinds[i - 1] == TokenKind.Number && Units.IsUnit(member.TokenHashes[i]));
            // Where some message had a masked value, the position is a variable already; a word with digits in it
            // beside a plain word (SOCKS5 / HTTPS) is a word too, but names that all carry numbers (paths, ids) vary.
            // A unit after a number (5.2 KB, 93.0 B) is part of the value, not a word that tells causes apart.
            if (words && plain && !units && values.Count < fewest)
            {
                (position, fewest) = (i, values.Count);
            }
        }
        if (position < 0 || fewest >= _options.MinVariableValues)
        {
            output.Add(cluster);
            return;
        }
        var parts = new Dictionary<ulong, CauseCluster>(fewest);
        var order = new List<CauseCluster>(fewest);
        foreach (var member in cluster.Members)
        {
            if (parts.TryGetValue(member.TokenHashes[position], out var part))
            {
                part.Add(member);
            }
            else
            {
                part = new CauseCluster(member);
                parts.Add(member.TokenHashes[position], part);
                order.Add(part);
            }
        }
        foreach (var part in order)
        {
            SplitByFewValues(part, output);
        }
    }

    // Drain's tree: a masked token leads to the wildcard branch, so "npu3 …" and "npu7 …" meet in one leaf.
    private static ulong TreeToken(MaskedTemplate template, int position) =>
        position >= template.TokenHashes.Length ? 0
        : template.Kinds[position] >= TokenKind.Number ? CauseCluster.Wild
        : template.TokenHashes[position];

    // Drain compares messages of one length only; "0 bytes sent, lifetime 00:01" and "451 bytes (18.4 KB) sent, lifetime
    // <1 sec" are one event all the same. Clusters of different lengths whose kept words are the same, in the same
    // order, once the word after a number is taken for its unit (bytes, KB, sec), are one cause. Clusters of one length
    // stay apart: the steps before kept them apart on purpose.
    private static List<List<CauseCluster>> MergeAcrossLengths(List<CauseCluster> clusters)
    {
        var groups = new List<List<CauseCluster>>(clusters.Count);
        var bySkeleton = new Dictionary<ulong, List<CauseCluster>>();
        foreach (var cluster in clusters)
        {
            if (Skeleton(cluster) is not { } skeleton)
            {
                groups.Add([cluster]);
            }
            else if (bySkeleton.TryGetValue(skeleton, out var group))
            {
                group.Add(cluster);
            }
            else
            {
                group = [cluster];
                bySkeleton.Add(skeleton, group);
                groups.Add(group);
            }
        }
        var result = new List<List<CauseCluster>>(groups.Count);
        foreach (var group in groups)
        {
            var length = group[0].Template.Length;
            if (group.Count > 1 && group.Exists(cluster => cluster.Template.Length != length))
            {
                result.Add(group);
                continue;
            }
            foreach (var cluster in group)
            {
                result.Add([cluster]);
            }
        }
        return result;
    }

    // The hash of a cluster's kept words in order (no punctuation, no masked parts, no unit after a number); null when
    // fewer than three words are left, too little to say two clusters are one event ("Fan speeds ( ‹n› … )" and "Fan
    // speeds ( ‹n› **** … )" are not).
    private const int MinSkeletonWords = 3;

    private static ulong? Skeleton(CauseCluster cluster)
    {
        var kinds = cluster.Members[0].Kinds;
        var hash = StableHash.Of("\u0002across");
        var words = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            if (cluster.Template[i] == CauseCluster.Wild || kinds[i] is not (TokenKind.Word or TokenKind.Mixed or TokenKind.Cjk)
                || (i > 0 && kinds[i - 1] == TokenKind.Number && cluster.Template[i - 1] != CauseCluster.Wild))
            {
                continue;
            }
            hash = StableHash.Add(hash, cluster.Template[i]);
            words++;
        }
        return words >= MinSkeletonWords ? hash : null;
    }

    private FailureCause ToCause(List<CauseCluster> parts)
    {
        // The largest part speaks for a cause merged across lengths (ties: the smaller hash), its key the kept words'.
        var cluster = parts[0];
        foreach (var part in parts)
        {
            if (part.Count > cluster.Count || (part.Count == cluster.Count && TemplateKey(part) < TemplateKey(cluster)))
            {
                cluster = part;
            }
        }
        var key = parts.Count == 1 ? TemplateKey(cluster) : Skeleton(cluster)!.Value;
        var total = 0;
        foreach (var part in parts)
        {
            total += part.Count;
        }
        // The most common member speaks for the cause (ties: the smaller hash), so the text does not depend on order.
        var face = cluster.Members[0];
        foreach (var member in cluster.Members)
        {
            if (member.Count > face.Count || (member.Count == face.Count && member.Hash < face.Hash))
            {
                face = member;
            }
        }
        var example = face.Example;
        var (start, end) = MessageTokenizer.LeadLine(example);
        var count = MessageTokenizer.Tokenize(example, start, end, _tokens, out var truncated);
        var text = new StringBuilder(end - start + 16);
        var variables = new List<VariableSummary>();
        for (var i = LeadingTimestamp(count); i < count; i++)
        {
            ref readonly var token = ref _tokens[i];
            if (text.Length > 0 && token.SpaceBefore)
            {
                text.Append(' ');
            }
            // Where every member masked a value (‹n› here, ‹hex› there) the face's placeholder says more than ‹*›.
            var wild = cluster.Template[i] == CauseCluster.Wild && !(token.IsVariable && AllMasked(cluster, i));
            if (!wild && !token.IsVariable)
            {
                MessageTokenizer.AppendMasked(text, example, token);
                continue;
            }
            var summary = Summarize(cluster, i, wild ? Placeholders.Any : Placeholders.Of(token.Kind));
            if (parts.Count == 1 && summary is { Values: 1, AtLeast: false })
            {
                // One value in every message of the cause ("port 22", "driver 23.0.3.1"): the value says more. Not in
                // a cause merged across lengths, whose other parts were not counted here.
                text.Append(example.AsSpan(token.Start, token.Length));
                continue;
            }
            if (wild)
            {
                text.Append(Placeholders.Any);
            }
            else
            {
                MessageTokenizer.AppendMasked(text, example, token);
            }
            variables.Add(summary);
        }
        if (truncated)
        {
            text.Append(" …");
        }

        var servers = parts.Count == 1 && cluster.Members.Count == 1
            ? face.Servers.Select(server => server.Name).ToList()
            : parts.SelectMany(part => part.Members).SelectMany(member => member.Servers).OrderBy(server => server.Index)
                .Take(_options.ServersPerCause).Select(server => server.Name).ToList();
        return new FailureCause(key.ToString("x16", CultureInfo.InvariantCulture), text.ToString(), total, servers,
            variables, example);
    }

    private static ulong TemplateKey(CauseCluster cluster)
    {
        var key = StableHash.Add(StableHash.Seed, (ulong)cluster.Template.Length);
        foreach (var hash in cluster.Template)
        {
            key = StableHash.Add(key, hash);
        }
        return key;
    }

    // "[2026-11-29 10:42:07] ECC …": a leading timestamp is noise in the text shown (it stays in the key and the
    // example). The index of the first token after it, with its brackets; 0 when the message does not start with one.
    private int LeadingTimestamp(int count)
    {
        var after = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var token = ref _tokens[i];
            if (token.Kind == TokenKind.Time || (after > 0 && token.Kind == TokenKind.Punctuation && token.Length == 1
                && (token.Hash == CloseBracket || token.Hash == CloseParenthesis)))
            {
                after = i + 1;
            }
            else if (token.Kind is not (TokenKind.Number or TokenKind.Punctuation))
            {
                break;
            }
        }
        return after < count ? after : 0;
    }

    private static bool AllMasked(CauseCluster cluster, int position)
    {
        foreach (var member in cluster.Members)
        {
            if (member.Kinds[position] < TokenKind.Number)
            {
                return false;
            }
        }
        return true;
    }

    private static VariableSummary Summarize(CauseCluster cluster, int position, string placeholder)
    {
        VariableStats stats;
        if (cluster.Members.Count == 1 && cluster.Members[0].Stats[position] is { } only)
        {
            stats = only;
        }
        else
        {
            stats = new VariableStats();
            foreach (var member in cluster.Members)
            {
                if (member.Stats[position] is { } memberStats)
                {
                    stats.Merge(memberStats);
                }
                else
                {
                    stats.AddWord(member.TokenHashes[position]);
                }
            }
        }
        var integers = stats.AllIntegers && stats.Min <= stats.Max;
        return new VariableSummary(placeholder, stats.Distinct, stats.Overflowed,
            integers ? stats.Min : null, integers ? stats.Max : null);
    }
}
