using System.Globalization;

namespace ChatOpsBot.Cards;

/// <summary>
/// "4 min ago · 2026-11-29 10:42 UTC": how long ago for a glance, the UTC time for a report. On a card the time is
/// Adaptive Cards' DATE and TIME functions instead, which Teams shows in the reader's own time zone.
/// </summary>
internal static class RelativeTime
{
    /// <summary>"4 min ago · {{DATE(2026-11-29T10:42:00Z, SHORT)}} {{TIME(2026-11-29T10:42:00Z)}}" (Teams wants exactly this timestamp format).</summary>
    public static string ForCard(DateTimeOffset at, DateTimeOffset now)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var local = "{{DATE(" + stamp + ", SHORT)}} {{TIME(" + stamp + ")}}";
        var ago = Ago(now - at);
        return ago is null ? local : ago + " · " + local;
    }

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
