using System.Globalization;
using ChatOpsBot.Cards.Model;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>
/// When many jobs of a subscribed conversation start failing at once: the first <see cref="PostedAlone"/> of a window
/// are posted each on its own; from the next one, one digest post lists them (and is updated in place as more come), so
/// a burst is a handful of posts, not dozens. Rows stay in the order the jobs started failing, so an update never moves
/// them. The card stays in the conversation and is updated in place, so it says nothing relative to now ("1 min ago"
/// would go stale): its one time is Adaptive Cards' TIME, which Teams shows in the reader's own time zone.
/// </summary>
public sealed class FailureDigestCardBuilder
{
    /// <summary>How many jobs of one window are posted on their own before the digest takes over.</summary>
    public const int PostedAlone = 3;

    public const int MaxRows = 15;

    /// <summary>Whether the <paramref name="position"/>-th job (from 1) to start failing in a window gets its own post.</summary>
    public static bool PostsAlone(int position) => position <= PostedAlone;

    /// <param name="jobs">The jobs of the digest (the window's 4th and later), in the order they started failing; at least one.</param>
    /// <param name="windowStart">When the window's first job started failing.</param>
    /// <param name="window">How long a window is (Subscriptions:DigestWindow).</param>
    public CardMessage Build(IReadOnlyList<LiteServerJobSummary> jobs, DateTimeOffset windowStart, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentOutOfRangeException.ThrowIfZero(jobs.Count);
        // The burst as a whole (the post's first line names the digest's own jobs): how many, how fast.
        var title = $"Burst: {CardText.Number(PostedAlone + jobs.Count)} jobs started failing within {Minutes(window)}";
        // The time alone: Teams dates the message itself, and a date would cost the phone a line.
        var since = "{{TIME(" + windowStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + ")}}";
        var body = new List<CardElement>
        {
            new Container([new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Color = TextColor.Attention }])
            {
                Style = ContainerStyle.Attention,
                Bleed = true,
            },
            new TextBlock($"Since {since}. The first {PostedAlone} have their own posts; tap a job below for its card.")
            {
                Size = TextSize.Small,
                IsSubtle = true,
                Spacing = Spacing.Small,
            },
        };
        body.AddRange(jobs.Take(MaxRows).Select(job => JobRow.Build(job, now: null)));
        var hidden = jobs.Count - Math.Min(jobs.Count, MaxRows);
        if (hidden > 0)
        {
            // The command in bold and on one line (no-break space), so it reads as one thing to type.
            body.Add(new RichTextBlock(
            [
                JobRow.Subtle($"and {CardText.Count(hidden, "more job", "more jobs")} — type "),
                new TextRun("jobs\u00A0failed") { Size = TextSize.Small, Weight = TextWeight.Bolder },
                JobRow.Subtle(" for the latest"),
            ]) { Separator = true, Spacing = Spacing.Medium });
        }
        var summary = Summary(jobs);
        return new CardMessage(new AdaptiveCard(body) { FallbackText = summary }, summary);
    }

    // The phone's preview: how many, and the first names.
    private static string Summary(IReadOnlyList<LiteServerJobSummary> jobs)
    {
        var names = jobs.Take(2).Select(job => CardText.Clean(job.Name, 40) is { Length: > 0 } name ? name : CardText.Clean(job.Id, 40)).ToList();
        var rest = jobs.Count - names.Count;
        var listed = rest > 0 ? string.Join(", ", names) + $" and {CardText.Number(rest)} more" : string.Join(" and ", names);
        return jobs.Count == 1 ? $"🔴 1 more job is failing: {listed}" : $"🔴 {CardText.Number(jobs.Count)} more jobs are failing: {listed}";
    }

    // No-break space: "2 min" stays on one line.
    private static string Minutes(TimeSpan window) => window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0
        ? ((int)window.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "\u00A0min"
        : ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "\u00A0s";
}
