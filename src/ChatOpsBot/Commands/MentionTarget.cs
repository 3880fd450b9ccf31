namespace ChatOpsBot.Commands;

/// <summary>
/// A person to @mention in the posts of a subscription or watch: the Teams user id and the display name, as the
/// message's mention entity named them (never read from its text, which anyone can type).
/// </summary>
public sealed record MentionTarget(string UserId, string Name);
