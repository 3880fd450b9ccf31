using ChatOpsBot.Cards;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Bot;

/// <summary>People to mention, named in a sentence the bot writes: "Ana", "Ana and Ben", "Ana, Ben and Cy", escaped for Teams.</summary>
internal static class PeopleNames
{
    public static string Join(IReadOnlyList<MentionTarget> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        return people.Count <= 1
            ? string.Concat(people.Select(p => TeamsText.Escape(p.Name)))
            : string.Join(", ", people.SkipLast(1).Select(p => TeamsText.Escape(p.Name))) + " and " + TeamsText.Escape(people[^1].Name);
    }
}
