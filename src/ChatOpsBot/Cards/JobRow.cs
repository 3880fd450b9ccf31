using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>
/// One job of a list card (the job list, the digest): its name, then its status in colour, failed nodes and how long
/// ago it changed; tapping it answers with the job's card. Two short lines that fit a 360 px phone.
/// </summary>
internal static class JobRow
{
    private const int MaxNameChars = 120;

    /// <param name="now">
    /// For "updated 4 min ago"; null where the card stays in the conversation and is updated in place (the digest), since
    /// "4 min ago" would go stale there.
    /// </param>
    public static Container Build(LiteServerJobSummary row, DateTimeOffset? now)
    {
        var name = CardText.Clean(row.Name, MaxNameChars) is { Length: > 0 } n ? n : CardText.Clean(row.Id, JobIdRule.MaxLength);
        var status = CardText.Clean(row.Status, 20) is { Length: > 0 } s ? s : "NO STATUS";
        var failed = Math.Max(row.AbnormalCount ?? 0, 0);
        var facts = new List<TextRun>
        {
            new(CardText.Breakable("● " + status, 20)) { Size = TextSize.Small, Weight = TextWeight.Bolder, Color = ColorOf(row.Status, failed) },
            failed > 0
                ? new TextRun(" · " + CardText.Number(failed) + " failed") { Size = TextSize.Small, Weight = TextWeight.Bolder, Color = TextColor.Attention }
                : Subtle(" · 0 failed"),
        };
        if (now is { } at && row.UpdatedAt is { } updated)
        {
            facts.Add(Subtle(" · updated " + RelativeTime.Short(updated, at)));
        }
        return new Container(
        [
            new RichTextBlock([new TextRun(CardText.Breakable(name.Length > 0 ? name : "Unnamed job")) { Weight = TextWeight.Bolder }]),
            new RichTextBlock(facts) { Spacing = Spacing.None },
        ])
        {
            Separator = true,
            Spacing = Spacing.Small,
            SelectAction = row.Id is { } id && JobIdRule.IsValid(id) ? new ActionSubmit("Show the job's card", new CardActionData(CardActions.Show, id)) : null,
        };
    }

    public static TextRun Subtle(string text) => new(text) { Size = TextSize.Small, IsSubtle = true };

    private static TextColor? ColorOf(string? status, int failed)
    {
        if (failed > 0 || JobStatuses.Is(status, JobStatuses.Failed))
        {
            return TextColor.Attention;
        }
        if (JobStatuses.Is(status, JobStatuses.Finished))
        {
            return TextColor.Good;
        }
        return JobStatuses.Is(status, JobStatuses.Processing) || JobStatuses.Is(status, JobStatuses.Active) ? TextColor.Accent : null;
    }
}
