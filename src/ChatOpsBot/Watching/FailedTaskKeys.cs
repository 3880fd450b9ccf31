using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Hashing;
using System.Text;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// Which tasks were FAILED, kept small: a sorted set of 64-bit hashes of each failed task's key (its id; its server when
/// the id is missing), URL-safe base64 in one string (JSON escapes the '+' of plain base64 into six characters). 10,000 failed tasks take 107 KB of text, and two different tasks share a
/// hash with odds of about one in 10^11 per job: the cost of a miss is one failure not announced, which is far rarer than
/// a lost message.
/// </summary>
public static class FailedTaskKeys
{
    /// <summary>The hash of the task's key; null for a task that carries neither an id nor a server.</summary>
    public static ulong? KeyOf(LiteServerTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var key = !string.IsNullOrWhiteSpace(task.Id) ? "id:" + task.Id.Trim()
            : !string.IsNullOrWhiteSpace(task.ServerId) ? "server:" + task.ServerId.Trim()
            : !string.IsNullOrWhiteSpace(task.ServerName) ? "server:" + task.ServerName.Trim()
            : null;
        return key is null ? null : XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The keys of the job's FAILED tasks, sorted and distinct.</summary>
    public static ulong[] Of(LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var keys = new List<ulong>();
        foreach (var task in job.Tasks)
        {
            if (JobStatuses.Is(task.Status, JobStatuses.TaskFailed) && KeyOf(task) is { } key)
            {
                keys.Add(key);
            }
        }
        keys.Sort();
        return [.. keys.Distinct()];
    }

    public static string Encode(IReadOnlyList<ulong> sortedKeys)
    {
        ArgumentNullException.ThrowIfNull(sortedKeys);
        var bytes = new byte[sortedKeys.Count * sizeof(ulong)];
        for (var i = 0; i < sortedKeys.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), sortedKeys[i]);
        }
        return Base64Url.EncodeToString(bytes);
    }

    public static ulong[] Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var bytes = Base64Url.DecodeFromChars(encoded);
        var keys = new ulong[bytes.Length / sizeof(ulong)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)));
        }
        return keys;
    }
}
