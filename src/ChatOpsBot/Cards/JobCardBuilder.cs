using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;
using ChatOpsBot.FailureCauses;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>
/// The card that answers "is the job OK, and if not, which servers failed and why", written for a 360 px phone:
/// status first, one summary line, failures grouped by cause, at most 3 buttons, and never more than
/// <see cref="MaxCardBytes"/> of JSON, whatever the job (10,000 tasks with 10,000 different messages included).
/// </summary>
public sealed class JobCardBuilder(TimeProvider timeProvider)
{
    /// <summary>The most UTF-8 bytes of card JSON this builder produces.</summary>
    public const int MaxCardBytes = 24 * 1024;

    internal const int MaxFailureGroups = 8;
    internal const int NamesPerGroup = 10;
    internal const int MaxMessageChars = 200;
    internal const int MaxExampleChars = 160;
    internal const int MaxValueSummaries = 2;
    internal const int MaxServerNameChars = 48;

    private const int SampleNames = 5;
    private const int MaxItems = 3;
    private const int MaxSpecEntries = 4;
    // The "and N more failed tasks…" line is our own ASCII text with a few numbers.
    private const int MoreLineReserve = 512;

    public CardMessage Build(JobCardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var job = view.Job;
        var tasks = TaskBreakdown.Of(job.Tasks, SampleNames, NamesPerGroup);
        var name = CardText.Clean(job.Name, 120) is { Length: > 0 } n ? n : "Unnamed job";
        var status = CardText.Clean(job.Status, 40) is { Length: > 0 } s ? s : "NO STATUS";
        var abnormal = Math.Max(job.AbnormalCount ?? 0, 0);
        var tone = ToneOf(job.Status, tasks, abnormal);

        var head = new List<CardElement> { Header(job, name, status, tone), new TextBlock(SummaryLine(tasks, abnormal))
        {
            Weight = TextWeight.Bolder,
            Color = tasks.Failed > 0 || abnormal > 0 ? TextColor.Attention : null,
            Spacing = Spacing.Medium,
        } };
        if (IsRunning(job.Status, tasks) && tasks.Total > 0)
        {
            head.AddRange(Progress(tasks));
        }
        head.AddRange(Times(job));
        head.AddRange(Details(job));

        var tail = new List<CardElement>();
        if (tasks.Running > 0)
        {
            tail.Add(ServersLine(tasks.Running, "still running", tasks.RunningServers));
        }
        if (tasks.Skipped > 0)
        {
            tail.Add(ServersLine(tasks.Skipped, "skipped", tasks.SkippedServers));
        }

        var actions = Actions(view);
        var summary = Summary(job, name, status, tasks, abnormal);
        var body = new List<CardElement>(head);
        body.AddRange(Failures(tasks, abnormal, head, tail, actions, summary));
        body.AddRange(tail);
        return new CardMessage(new AdaptiveCard(body) { Actions = actions, FallbackText = summary }, summary);
    }

    private enum Tone { Good, Warning, Attention }

    private static Tone ToneOf(string? status, TaskBreakdown tasks, int abnormal)
    {
        if (JobStatuses.Is(status, JobStatuses.Failed) || tasks.Failed > 0 || abnormal > 0)
        {
            return Tone.Attention;
        }
        return JobStatuses.Is(status, JobStatuses.Finished) || JobStatuses.Is(status, JobStatuses.TaskSuccess)
            ? Tone.Good
            : Tone.Warning;
    }

    private static bool IsRunning(string? status, TaskBreakdown tasks) =>
        JobStatuses.Is(status, JobStatuses.Processing) || JobStatuses.Is(status, JobStatuses.Active)
        || (!JobStatuses.IsTerminal(status) && tasks.Running > 0);

    private static Container Header(LiteServerJob job, string name, string status, Tone tone)
    {
        var idAndType = new List<TextRun>();
        if (CardText.Clean(job.Id, JobIdRule.MaxLength) is { Length: > 0 } id)
        {
            idAndType.Add(new TextRun(CardText.Breakable(id)) { Size = TextSize.Small, IsSubtle = true });
        }
        if (CardText.Clean(job.Type, 40) is { Length: > 0 } type)
        {
            idAndType.Add(new TextRun(CardText.Breakable(idAndType.Count > 0 ? " · " + type : type)) { Size = TextSize.Small, IsSubtle = true });
        }
        var items = new List<CardElement>
        {
            new RichTextBlock([new TextRun(CardText.Breakable(status, 20)) { Size = TextSize.Large, Weight = TextWeight.Bolder, Color = ColorOf(tone) }]),
            new RichTextBlock([new TextRun(CardText.Breakable(name)) { Size = TextSize.Medium, Weight = TextWeight.Bolder }]) { Spacing = Spacing.Small },
        };
        if (idAndType.Count > 0)
        {
            items.Add(new RichTextBlock(idAndType) { Spacing = Spacing.None });
        }
        return new Container(items) { Style = StyleOf(tone), Bleed = true };
    }

    private static TextColor ColorOf(Tone tone) => tone switch
    {
        Tone.Good => TextColor.Good,
        Tone.Attention => TextColor.Attention,
        _ => TextColor.Warning,
    };

    private static ContainerStyle StyleOf(Tone tone) => tone switch
    {
        Tone.Good => ContainerStyle.Good,
        Tone.Attention => ContainerStyle.Attention,
        _ => ContainerStyle.Warning,
    };

    // "3 of 120 tasks failed · 100 succeeded · 17 running"
    private static string SummaryLine(TaskBreakdown tasks, int abnormal)
    {
        if (tasks.Total == 0)
        {
            return abnormal > 0
                ? CardText.Count(abnormal, "server", "servers") + " failed (ModelArts sent no task details)"
                : "No tasks yet";
        }
        var of = CardText.Count(tasks.Total, "task", "tasks");
        var parts = new List<string>(4);
        string lead;
        if (tasks.Failed > 0)
        {
            lead = $"{CardText.Number(tasks.Failed)} of {of} failed";
            AddPart(parts, tasks.Succeeded, "succeeded");
        }
        else if (tasks.Succeeded > 0)
        {
            lead = $"{CardText.Number(tasks.Succeeded)} of {of} succeeded";
        }
        else
        {
            // Nothing failed or succeeded yet, so at least one of the parts below is there.
            lead = of + ":";
        }
        AddPart(parts, tasks.Running, "running");
        AddPart(parts, tasks.Skipped, "skipped");
        AddPart(parts, tasks.Other, "in another status");
        var separator = lead.EndsWith(':') ? " " : " · ";
        return parts.Count == 0 ? lead : lead + separator + string.Join(" · ", parts);
    }

    private static void AddPart(List<string> parts, int count, string label)
    {
        if (count > 0)
        {
            parts.Add(CardText.Number(count) + " " + label);
        }
    }

    private static IEnumerable<CardElement> Progress(TaskBreakdown tasks)
    {
        const int cells = 20;
        var percent = RoundedShare(tasks.Done, tasks.Total, 100);
        var filled = RoundedShare(tasks.Done, tasks.Total, cells);
        yield return new TextBlock(
            $"Progress: {CardText.Number(tasks.Done)} of {CardText.Count(tasks.Total, "task", "tasks")} done ({percent}%)")
        { Spacing = Spacing.Small };
        yield return new TextBlock(new string('█', filled) + new string('░', cells - filled))
        { Color = TextColor.Accent, Spacing = Spacing.None };
    }

    // Rounded, except that "all" is only shown when all are done: 119 of 120 is 99%, not 100%.
    private static int RoundedShare(int part, int whole, int scale)
    {
        var share = (int)Math.Round((double)part * scale / whole, MidpointRounding.AwayFromZero);
        return share == scale && part < whole ? scale - 1 : share;
    }

    // Relative for a glance, then the time itself in the reader's own zone: Teams renders DATE and TIME there.
    private IEnumerable<CardElement> Times(LiteServerJob job)
    {
        var now = timeProvider.GetUtcNow();
        if (job.UpdatedAt is { } updated)
        {
            yield return new TextBlock("Updated " + RelativeTime.ForCard(updated, now))
            { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Small };
        }
        if (job.CreatedAt is { } created)
        {
            yield return new TextBlock("Created " + RelativeTime.ForCard(created, now))
            { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None };
        }
    }

    private static IEnumerable<CardElement> Details(LiteServerJob job)
    {
        var byLine = new List<TextRun>();
        if (CardText.Clean(job.UserName, 64) is { Length: > 0 } user)
        {
            byLine.Add(Subtle("By "));
            byLine.Add(Small(user));
        }
        if (CardText.Clean(job.TemplateId, 64) is { Length: > 0 } template)
        {
            byLine.Add(Subtle(byLine.Count > 0 ? " · template " : "Template "));
            byLine.Add(Small(template));
        }
        if (byLine.Count > 0)
        {
            yield return new RichTextBlock(byLine) { Spacing = Spacing.Small };
        }
        if (CardText.Clean(job.Description, 200) is { Length: > 0 } description)
        {
            yield return new RichTextBlock([Small(description)]) { Spacing = Spacing.Small };
        }
        var items = job.Items ?? [];
        var shown = 0;
        foreach (var item in items)
        {
            if (item is null || shown == MaxItems)
            {
                continue;
            }
            shown++;
            var runs = new List<TextRun>
            {
                new(CardText.Breakable(CardText.Clean(item.Type, 40) is { Length: > 0 } type ? type : "Item"))
                { Size = TextSize.Small, Weight = TextWeight.Bolder },
            };
            if (Spec(item.Spec) is { Length: > 0 } spec)
            {
                runs.Add(Small(": " + spec));
            }
            yield return new RichTextBlock(runs) { Spacing = shown == 1 ? Spacing.Small : Spacing.None };
        }
        var hidden = items.Count(item => item is not null) - shown;
        if (hidden > 0)
        {
            yield return new TextBlock("+" + CardText.Count(hidden, "more item", "more items"))
            { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.None };
        }
    }

    private static string Spec(IReadOnlyDictionary<string, string>? spec)
    {
        if (spec is null || spec.Count == 0)
        {
            return "";
        }
        var entries = spec.OrderBy(entry => entry.Key, StringComparer.Ordinal).Take(MaxSpecEntries)
            .Select(entry => CardText.Clean(entry.Key, 30) + "=" + CardText.Clean(entry.Value, 60));
        var text = string.Join(", ", entries);
        return spec.Count > MaxSpecEntries ? text + " +" + CardText.Number(spec.Count - MaxSpecEntries) + " more" : text;
    }

    // The largest causes that fit the byte budget (at most MaxFailureGroups), then a line that counts what is not shown.
    private static IEnumerable<CardElement> Failures(TaskBreakdown tasks, int abnormal, List<CardElement> head,
        List<CardElement> tail, IReadOnlyList<CardAction> actions, string summary)
    {
        if (tasks.Failed == 0)
        {
            if (abnormal > 0)
            {
                yield return SectionTitle("Failed servers");
                yield return new TextBlock(
                    $"ModelArts counts {CardText.Count(abnormal, "failed server", "failed servers")} but sent no task details — open the console.")
                { Spacing = Spacing.Small };
            }
            yield break;
        }
        var title = SectionTitle("Failed tasks by cause");
        var withoutGroups = new List<CardElement>(head) { title };
        withoutGroups.AddRange(tail);
        var used = AdaptiveCardSerializer.Utf8Length(
            new AdaptiveCard(withoutGroups) { Actions = actions, FallbackText = summary });

        yield return title;
        var shownTasks = 0;
        var shownGroups = 0;
        var causes = tasks.FailureCauses;
        foreach (var group in causes.Take(MaxFailureGroups))
        {
            var element = GroupElement(group);
            var size = AdaptiveCardSerializer.Utf8Length(element) + 1;
            if (used + size + MoreLineReserve > MaxCardBytes)
            {
                break;
            }
            used += size;
            shownTasks += group.Count;
            shownGroups++;
            yield return element;
        }
        var hiddenTasks = tasks.Failed - shownTasks;
        if (hiddenTasks > 0)
        {
            var hiddenCauses = causes.Count - shownGroups;
            var text = shownGroups == 0
                ? $"{CardText.Count(hiddenTasks, "failed task", "failed tasks")} with {CardText.Count(hiddenCauses, "cause", "causes")}"
                : $"and {CardText.Count(hiddenTasks, "more failed task", "more failed tasks")} with " +
                  CardText.Count(hiddenCauses, "other cause", "other causes");
            yield return new TextBlock(text + " — open the console") { Color = TextColor.Attention, Spacing = Spacing.Medium };
        }
    }

    private static TextBlock SectionTitle(string text) =>
        new(text) { Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.Medium };

    // "900 servers: ECC uncorrectable on NPU ‹n› (n = 0–7)", the servers, then one real message in small text.
    private static Container GroupElement(FailureCause cause)
    {
        var runs = new List<TextRun>
        {
            new(CardText.Count(cause.Count, "server", "servers") + ": ") { Weight = TextWeight.Bolder, Color = TextColor.Attention },
            new(CardText.Breakable(CardText.Clean(cause.Template, MaxMessageChars))),
        };
        if (Values(cause) is { Length: > 0 } values)
        {
            runs.Add(new TextRun(CardText.Breakable(" (" + values + ")")) { IsSubtle = true });
        }
        var items = new List<CardElement> { new RichTextBlock(runs) };
        if (cause.Servers.Count > 0)
        {
            items.Add(new RichTextBlock([Subtle(Names(cause.Servers, cause.Count))]) { Spacing = Spacing.None });
        }
        var example = CardText.Clean(cause.Example, MaxExampleChars);
        if (!string.Equals(example, CardText.Clean(cause.Template, MaxExampleChars), StringComparison.Ordinal))
        {
            items.Add(new RichTextBlock([Subtle("e.g. "), Subtle(example)]) { Spacing = Spacing.None });
        }
        return new Container(items) { Spacing = Spacing.Small };
    }

    // What varied, where it says something: device numbers, addresses, names; not timestamps or ids.
    private static string Values(FailureCause cause) => string.Join(", ", cause.Variables
        .Where(variable => variable.Values > 1 && variable.Placeholder is not (Placeholders.Time or Placeholders.Id or Placeholders.Hex))
        .Select(variable => variable.Text)
        .Distinct(StringComparer.Ordinal)
        .Take(MaxValueSummaries));

    private static RichTextBlock ServersLine(int count, string label, IReadOnlyList<string> names) =>
        new([
            new TextRun(CardText.Number(count) + " " + label + ": ") { Weight = TextWeight.Bolder },
            Small(Names(names, count)),
        ]) { Spacing = Spacing.Medium };

    // "srv-01, srv-02, srv-03 +44 more"
    private static string Names(IReadOnlyList<string> names, int total)
    {
        var text = string.Join(", ", names.Select(name => CardText.Clean(name, MaxServerNameChars)));
        return total > names.Count ? text + " +" + CardText.Number(total - names.Count) + " more" : text;
    }

    private static TextRun Small(string text) => new(CardText.Breakable(text)) { Size = TextSize.Small };

    private static TextRun Subtle(string text) => new(CardText.Breakable(text)) { Size = TextSize.Small, IsSubtle = true };

    private static List<CardAction> Actions(JobCardView view)
    {
        var actions = new List<CardAction>(3);
        if (view.Job.Id is { } id && JobIdRule.IsValid(id))
        {
            actions.Add(new ActionSubmit("Refresh", new CardActionData(CardActions.Refresh, id)));
            if (view.Watch != WatchButton.Hidden)
            {
                actions.Add(view.Watch == WatchButton.Watch
                    ? new ActionSubmit("Watch", new CardActionData(CardActions.Watch, id))
                    : new ActionSubmit("Unwatch", new CardActionData(CardActions.Unwatch, id)));
            }
        }
        // "Open in console" is cut to "Open in c…" when three buttons share a 360 px phone.
        actions.Add(new ActionOpenUrl("Console", view.ConsoleUrl));
        return actions;
    }

    // The phone's notification preview: what happened, in one line.
    private static string Summary(LiteServerJob job, string name, string status, TaskBreakdown tasks, int abnormal)
    {
        var who = CardText.Truncate(name, 80);
        if (tasks.Failed > 0)
        {
            return $"❌ {who}: {CardText.Number(tasks.Failed)} of {CardText.Count(tasks.Total, "task", "tasks")} failed";
        }
        if (abnormal > 0)
        {
            return $"❌ {who}: {CardText.Count(abnormal, "server", "servers")} failed";
        }
        if (JobStatuses.Is(job.Status, JobStatuses.Failed))
        {
            return $"❌ {who} failed";
        }
        if (JobStatuses.Is(job.Status, JobStatuses.Finished) || JobStatuses.Is(job.Status, JobStatuses.TaskSuccess))
        {
            return tasks.Total == 0
                ? $"✅ {who} finished"
                : $"✅ {who} finished: {CardText.Number(tasks.Succeeded)} of {CardText.Number(tasks.Total)} succeeded";
        }
        if (IsRunning(job.Status, tasks))
        {
            return tasks.Total == 0
                ? $"⏳ {who}: {status}"
                : $"⏳ {who}: {CardText.Number(tasks.Done)} of {CardText.Count(tasks.Total, "task", "tasks")} done";
        }
        return $"ℹ️ {who}: {status}";
    }
}
