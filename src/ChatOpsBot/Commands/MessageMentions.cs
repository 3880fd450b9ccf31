namespace ChatOpsBot.Commands;

/// <summary>
/// The @mentions of a message as its mention entities give them, without the bot's own: the people, and how many
/// mentions name something else (a channel, a team, a tag). And whether the message came from a personal chat, where
/// there is nobody else to mention.
/// </summary>
public sealed record MessageMentions(IReadOnlyList<MentionTarget> People, int NotPeople, bool IsPersonalChat)
{
    public static MessageMentions None { get; } = new([], 0, IsPersonalChat: false);
}
