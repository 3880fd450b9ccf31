using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>
/// The answer to <c>jobs</c>: the project's jobs that match, most recently updated first, at most
/// <see cref="MaxRows"/> rows of status (in its colour), name, failed nodes and how long ago it changed. Tapping a row
/// answers with that job's card. Written for a 360 px phone: two short lines a row, no columns to squeeze.
/// </summary>
public sealed class JobListCardBuilder(TimeProvider timeProvider)
{
    public const int MaxRows = 10;

    /// <param name="filter">What was asked for (the title says it).</param>
    /// <param name="matching">Every row that matches, in any order; at least one.</param>
    public CardMessage Build(JobListFilter filter, IReadOnlyCollection<LiteServerJobSummary> matching)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(matching);
        var now = timeProvider.GetUtcNow();
        var shown = matching
            .OrderByDescending(row => row.UpdatedAt ?? DateTimeOffset.MinValue)
            .ThenBy(row => row.Id, StringComparer.Ordinal)
            .Take(MaxRows)
            .ToList();
        var title = TitleOf(filter.Status);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder },
        };
        if (CardText.Clean(filter.NamePrefix, JobListParser.MaxPrefixLength) is { Length: > 0 } prefix)
        {
            body.Add(new RichTextBlock([Subtle("Name starts with "), new TextRun(CardText.Breakable(prefix)) { Size = TextSize.Small, Weight = TextWeight.Bolder }])
            {
                Spacing = Spacing.None,
            });
        }
        var count = matching.Count > shown.Count
            ? $"{CardText.Number(shown.Count)} of {CardText.Number(matching.Count)}"
            : CardText.Count(matching.Count, "job", "jobs");
        body.Add(new TextBlock(count + ", most recently updated first. Tap one for its card.")
        {
            Size = TextSize.Small,
            IsSubtle = true,
            Spacing = Spacing.Small,
        });
        body.AddRange(shown.Select(row => JobRow.Build(row, now)));
        var hidden = matching.Count - shown.Count;
        if (hidden > 0)
        {
            body.Add(new RichTextBlock(
            [
                new TextRun($"and {CardText.Number(hidden)} more — narrow with ") { IsSubtle = true },
                new TextRun(NarrowerCommand(filter, matching.Except(shown))) { Weight = TextWeight.Bolder },
            ]) { Separator = true, Spacing = Spacing.Medium });
        }
        var summary = $"📋 {title}: {(hidden > 0 ? count + " shown" : count)}";
        return new CardMessage(new AdaptiveCard(body) { FallbackText = summary }, summary);
    }

    /// <summary>The sentence when nothing matches: says what was looked for, never repeats what was typed.</summary>
    public static string NothingMatches(JobListFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var what = filter.Status switch
        {
            JobListStatus.Failed => "No job of the project has failed nodes",
            JobListStatus.Running => "No job of the project is running",
            JobListStatus.Finished => "No job of the project has finished",
            _ => "The project has no jobs",
        };
        return filter.NamePrefix is null
            ? what + " right now."
            : what + " with a name that starts like that. Type jobs alone to see them all.";
    }

    private static string TitleOf(JobListStatus status) => status switch
    {
        JobListStatus.Failed => "Jobs with failed nodes",
        JobListStatus.Running => "Running jobs",
        JobListStatus.Finished => "Finished jobs",
        _ => "Jobs",
    };

    // "jobs failed name hdk-": the status asked for, and the start of a hidden job's name up to its first '-' or '_'.
    private static string NarrowerCommand(JobListFilter filter, IEnumerable<LiteServerJobSummary> hidden)
    {
        var status = filter.Status switch
        {
            JobListStatus.Failed => "jobs failed",
            JobListStatus.Running => "jobs running",
            JobListStatus.Finished => "jobs finished",
            _ => "jobs",
        };
        var known = filter.NamePrefix?.Length ?? 0;
        var example = hidden
            .Select(row => CardText.Clean(row.Name, JobListParser.MaxPrefixLength))
            .Select(name => (Name: name, Cut: name.IndexOfAny(['-', '_'], Math.Min(known + 1, name.Length))))
            .Where(candidate => candidate.Cut > 0 && !candidate.Name.Contains(' ', StringComparison.Ordinal))
            .Select(candidate => candidate.Name[..(candidate.Cut + 1)])
            .FirstOrDefault();
        // No-break spaces keep the command on one line where it fits, so it reads as one thing to type.
        var command = example is null ? status + " name …" : status + " name " + example;
        return command.Replace(' ', '\u00A0');
    }

    private static TextRun Subtle(string text) => JobRow.Subtle(text);
}
