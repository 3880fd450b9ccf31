using System.Globalization;

namespace ChatOpsBot.Commands;

/// <summary>
/// Reads <c>subscribe</c>, <c>unsubscribe</c>, <c>subscriptions</c>, <c>mute</c>, <c>unmute</c> and
/// <c>watch &lt;id&gt; mention @person</c>. People come from the message's mention entities
/// (<see cref="MessageMentions"/>), never from its text: the text only says where <c>mention</c> is. Never throws.
/// </summary>
public static class SubscriptionCommandParser
{
    public const int MaxPrefixLength = JobListParser.MaxPrefixLength;
    public const int MaxTypeLength = 40;
    public const int MaxNumber = 999;

    private const string SubscribeUsage =
        "Type subscribe, optionally followed by name and the start of a job's name, type and a job type, and mention with @mentions, " +
        "for example: subscribe name train- type COMMON mention @Alex";

    /// <summary>The command, or null when the message is not one of these (the main parser reads it then).</summary>
    public static BotCommand? Parse(string? text, MessageMentions mentions)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var truncated = text.Length > CommandParser.MaxInputLength;
        var words = MessageText.ToPlainText(truncated ? text[..CommandParser.MaxInputLength] : text)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }
        var verb = words[0].AsSpan().TrimStart('/').TrimEnd(CommandWords.TrailingWrappers).ToString().ToLowerInvariant();
        if (truncated && verb is "subscribe" or "unsubscribe" or "mute" or "unmute")
        {
            return new InvalidSubscriptionCommand(verb, "That message is too long to read.");
        }
        return verb switch
        {
            "subscribe" => Subscribe(words, mentions),
            "unsubscribe" => Unsubscribe(words),
            "subscriptions" or "subscribed" => new ListSubscriptionsCommand(),
            "mute" => CommandParser.WithJobId(verb, words, truncated, id => new MuteJobCommand(id)),
            "unmute" => CommandParser.WithJobId(verb, words, truncated, id => new UnmuteJobCommand(id)),
            "watch" => WatchWithMentions(words, truncated, mentions),
            _ => null,
        };
    }

    private static BotCommand Subscribe(string[] words, MessageMentions mentions)
    {
        string? prefix = null;
        string? type = null;
        var mention = false;
        for (var i = 1; i < words.Length; i++)
        {
            var word = CommandWords.Unwrap(words[i]).ToLowerInvariant();
            switch (word)
            {
                case "":
                    continue;
                case "name" or "named":
                    if (prefix is not null)
                    {
                        return Invalid("Give one name. " + SubscribeUsage);
                    }
                    prefix = Value(words, ++i);
                    if (prefix.Length == 0)
                    {
                        return Invalid("Which name? After name, type the start of a job's name. " + SubscribeUsage);
                    }
                    if (prefix.Length > MaxPrefixLength)
                    {
                        return Invalid($"A name is at most {MaxPrefixLength} characters. " + SubscribeUsage);
                    }
                    break;
                case "type":
                    if (type is not null)
                    {
                        return Invalid("Give one type. " + SubscribeUsage);
                    }
                    type = Value(words, ++i).ToUpperInvariant();
                    if (type.Length == 0)
                    {
                        return Invalid("Which type? After type, type a job type such as COMMON. " + SubscribeUsage);
                    }
                    if (type.Length > MaxTypeLength || !type.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                    {
                        return Invalid("A job type is letters, digits and _, such as COMMON or ASCEND_HDK_UPGRADE. " + SubscribeUsage);
                    }
                    break;
                case "mention" or "mentioning" or "ping":
                    mention = true;
                    break;
                case ['@', ..]:
                    return Invalid(TypedName);
                default:
                    return Invalid("I did not understand that. " + SubscribeUsage);
            }
        }
        if (MentionProblem("subscribe", mention, mentions) is { } problem)
        {
            return Invalid(problem);
        }
        return new SubscribeCommand(new SubscriptionFilter(prefix, type), Distinct(mentions.People));

        static InvalidSubscriptionCommand Invalid(string reason) => new("subscribe", reason);
    }

    private static BotCommand Unsubscribe(string[] words)
    {
        var rest = words.Skip(1).Select(CommandWords.Unwrap).Where(w => w.Length > 0).ToList();
        if (rest.Count == 0)
        {
            return new UnsubscribeCommand(null);
        }
        if (rest.Count == 1 && int.TryParse(rest[0].TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is >= 1 and <= MaxNumber)
        {
            return new UnsubscribeCommand(number);
        }
        return new InvalidSubscriptionCommand("unsubscribe",
            "Type unsubscribe and the number that subscriptions shows, for example: unsubscribe 2. Alone, unsubscribe ends the only one.");
    }

    // Only with "mention" (or with people @mentioned, who would otherwise be silently ignored): a plain "watch <id>"
    // stays the main parser's.
    private static BotCommand? WatchWithMentions(string[] words, bool truncated, MessageMentions mentions)
    {
        var at = Array.FindIndex(words, 1, w => CommandWords.Unwrap(w).ToLowerInvariant() is "mention" or "mentioning" or "ping");
        if (at < 0)
        {
            return mentions.People.Count > 0 || mentions.NotPeople > 0
                ? new InvalidSubscriptionCommand("watch",
                    "To have people pinged, write mention before their @mentions, for example: watch ID mention @Alex.")
                : null;
        }
        if (MentionProblem("watch", mention: true, mentions) is { } problem)
        {
            return new InvalidSubscriptionCommand("watch", problem);
        }
        if (words.Skip(at + 1).Any(w => w.StartsWith('@')))
        {
            return new InvalidSubscriptionCommand("watch", TypedName);
        }
        return CommandParser.WithJobId("watch", words[..at], truncated && at == words.Length, id => new WatchWithMentionsCommand(id, Distinct(mentions.People)));
    }

    private static string? MentionProblem(string verb, bool mention, MessageMentions mentions)
    {
        if (!mention)
        {
            return mentions.People.Count > 0 || mentions.NotPeople > 0
                ? $"To have people pinged, write mention before their @mentions, for example: {verb} mention @Alex."
                : null;
        }
        if (mentions.IsPersonalChat)
        {
            return "There is nobody else to mention in a personal chat: mention works in channels and group chats.";
        }
        if (mentions.NotPeople > 0)
        {
            return "Only people can be mentioned, not a channel, a team or a tag: @mention each person.";
        }
        return mentions.People.Count == 0
            ? "Who should be pinged? After mention, type @ and pick each person from the list, so Teams knows who they are."
            : null;
    }

    private const string TypedName =
        "A typed name is not a mention: type @ and pick each person from the list, so Teams knows who they are.";

    private static string Value(string[] words, int index) => index < words.Length ? CommandWords.Unwrap(words[index]) : "";

    private static List<MentionTarget> Distinct(IReadOnlyList<MentionTarget> people) =>
        [.. people.DistinctBy(p => p.UserId, StringComparer.Ordinal)];
}
