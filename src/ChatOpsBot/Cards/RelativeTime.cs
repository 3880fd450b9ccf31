using System.Globalization;

namespace ChatOpsBot.Cards;

/// <summary>"4 min ago · 2026-11-29 10:42 UTC": how long ago for a glance, the UTC time for a report.</summary>
internal static class RelativeTime
{
    public static string Describe(DateTimeOffset at, DateTimeOffset now)
    {
        var utc = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var ago = Ago(now - at);
        return ago is null ? utc : ago + " · " + utc;
    }

    /// <summary>"4 min ago" where a row has room for little; the UTC date when the time is ahead of this clock.</summary>
    public static string Short(DateTimeOffset at, DateTimeOffset now) =>
        Ago(now - at) ?? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    // A time ahead of this clock (skew) gets no "ago" rather than a wrong one.
    private static string? Ago(TimeSpan elapsed) => elapsed switch
    {
        { TotalMinutes: < -1 } => null,
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => Format($"{(int)elapsed.TotalMinutes} min ago"),
        { TotalHours: < 48 } => Format($"{(int)elapsed.TotalHours} h ago"),
        _ => Format($"{(int)elapsed.TotalDays:N0} days ago"),
    };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
