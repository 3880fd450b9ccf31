using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The messages a grouper saw last, so that a text seen again skips the tokenizer: a fleet that fails one way often
/// reports the very same text from many servers, and reading it again would only count values already counted. A
/// fixed table with one message per slot, found by a hash of a few characters (no pass over the whole text, and no
/// allocation per message); a slot that two texts share keeps the later, so a miss costs one comparison, never a
/// wrong answer: a hit needs the whole text equal. The table is rented from the shared pool and given back when the
/// grouping is made (<see cref="Release"/>), so a card build does not allocate it.
/// </summary>
internal sealed class RepeatedMessages(int capacity)
{
    private const int MinSlots = 256;
    // 4,096 slots of two references: 64 KB, below the large object heap's 85,000 bytes.
    private const int MaxSlots = 4096;

    private readonly int _size = Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(capacity, 1, MaxSlots) * 2), MinSlots, MaxSlots);
    private Entry[]? _slots;

    public ref Entry Slot(string text)
    {
        // A pooled array can be longer than asked for: only the first _size slots are used.
        _slots ??= ArrayPool<Entry>.Shared.Rent(_size);
        return ref _slots[(int)(Sample(text) >> 32) & (_size - 1)];
    }

    /// <summary>Gives the table back (cleared: it holds messages); a later <see cref="Slot"/> rents an empty one.</summary>
    public void Release()
    {
        if (_slots is { } slots)
        {
            _slots = null;
            ArrayPool<Entry>.Shared.Return(slots, clearArray: true);
        }
    }

    // The length and three runs of four characters, at the start, the middle and the end, where messages of one
    // template differ most often (a device, a count, a time). Not a hash of the whole text: a collision only evicts.
    private static ulong Sample(string text)
    {
        const ulong Prime = 0x9E3779B97F4A7C15UL;
        var hash = (ulong)text.Length * Prime;
        if (text.Length < 4)
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * Prime;
            }
            return hash;
        }
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * Prime;
        hash = (hash ^ MemoryMarshal.Read<ulong>(bytes.Slice(((text.Length / 2) - 2) * 2))) * Prime;
        return (hash ^ MemoryMarshal.Read<ulong>(bytes.Slice((text.Length - 4) * 2))) * Prime;
    }

    public readonly record struct Entry(string? Message, MaskedTemplate Template)
    {
        public bool Matches(string text) => Message is not null && (ReferenceEquals(Message, text) || string.Equals(Message, text, StringComparison.Ordinal));
    }
}
