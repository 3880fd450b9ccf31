namespace ChatOpsBot.Security;

/// <summary>The outcome of the access policy; <see cref="Reason"/> is for the log, never for the user.</summary>
public sealed record AccessDecision(bool IsAllowed, string Reason)
{
    public static readonly AccessDecision Allowed = new(true, "allowed");

    public static AccessDecision Refused(string reason) => new(false, reason);
}
