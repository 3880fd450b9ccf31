using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Cards;

/// <summary>The commands with what they do, shared by the help and welcome cards.</summary>
internal static class CommandGuide
{
    // No-break spaces keep "unwatch ID" on one line in the narrow title column of a phone.
    public static IEnumerable<CardElement> Elements()
    {
        yield return new FactSet(
        [
            new Fact("job\u00A0ID", "Show the job's status card (also: status ID, or paste the job's console link)"),
            new Fact("jobs", "The project's latest jobs, newest first; add failed, running or finished, and name with the start of a name (jobs failed name train-)"),
            new Fact("watch\u00A0ID", "Post here when the job fails or finishes; add mention and @people to ping (watch ID mention @Alex)"),
            new Fact("unwatch\u00A0ID", "Stop posting about the job here"),
            new Fact("watching", "List the jobs watched here"),
            new Fact("subscribe", "Post here when any job of the project gets failed tasks; add name and the start of a name, type and a job type, mention and @people to ping (subscribe name train- mention @Alex)"),
            new Fact("subscriptions", "List this conversation's subscriptions, numbered; unsubscribe N ends one"),
            new Fact("mute\u00A0ID", "Subscriptions here say nothing more about that job (unmute ID to hear it again)"),
            new Fact("help", "Show this card"),
        ]) { Spacing = Spacing.Medium };
        yield return new TextBlock("For example: job " + JobIdRule.Example) { Spacing = Spacing.Medium };
        yield return new TextBlock("In a channel or group chat, @mention the bot first.")
        {
            Size = TextSize.Small,
            IsSubtle = true,
            Spacing = Spacing.Small,
        };
    }
}
