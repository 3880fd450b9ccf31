using System.Diagnostics.CodeAnalysis;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// A read-only map of a few entries in one array, looked up by ordinal comparison. <c>cloud_server</c> comes with every
/// task (two entries: <c>id</c> and <c>type</c>): as a <see cref="Dictionary{TKey,TValue}"/> it cost more than the rest
/// of the task together (about 3.5 of 8 MB for 10,000 tasks); in one array of pairs it costs a tenth of that.
/// </summary>
internal sealed class SmallStringMap : IReadOnlyDictionary<string, string>
{
    /// <summary>Above this many entries a linear search stops being cheaper than hashing: use a dictionary.</summary>
    public const int MaxEntries = 8;

    private readonly KeyValuePair<string, string>[] _entries;

    /// <param name="entries">Distinct keys (ordinal), at most <see cref="MaxEntries"/>; the map keeps the array.</param>
    public SmallStringMap(KeyValuePair<string, string>[] entries) => _entries = entries;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No '{key}' in the map.");

    public IEnumerable<string> Keys => _entries.Select(entry => entry.Key);
    public IEnumerable<string> Values => _entries.Select(entry => entry.Value);
    public int Count => _entries.Length;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
