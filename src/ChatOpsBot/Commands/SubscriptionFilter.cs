using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Commands;

/// <summary>
/// Which jobs of the project a subscription follows: those whose name starts with <see cref="NamePrefix"/> (any case)
/// and whose type is <see cref="JobType"/>; null matches any. Matched by the bot, because the list API knows only
/// whole names.
/// </summary>
public sealed record SubscriptionFilter(string? NamePrefix = null, string? JobType = null)
{
    public bool Matches(LiteServerJobSummary row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (NamePrefix is null || (row.Name?.StartsWith(NamePrefix, StringComparison.OrdinalIgnoreCase) ?? false))
            && (JobType is null || string.Equals(row.Type?.Trim(), JobType, StringComparison.OrdinalIgnoreCase));
    }
}
