namespace ChatOpsBot.Tests.Security;

/// <summary>One client-credentials request the bot made to the fake channel's token endpoint.</summary>
public sealed record TokenRequest(string ClientId, string Scope, string GrantType, bool SecretMatched);
