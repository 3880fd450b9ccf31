namespace ChatOpsBot.Bot;

/// <summary>
/// The <c>Bot</c> section: how the messaging endpoint treats what arrives. The channel credentials themselves are the
/// SDK's root keys (<c>MicrosoftAppType</c>, <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c>),
/// checked with this section by <see cref="BotCredentialsValidator"/>.
/// </summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";
    public const string AllowAnonymousKey = SectionName + ":" + nameof(AllowAnonymous);

    /// <summary>
    /// Outside Development the bot refuses to start without <c>MicrosoftAppId</c>, because without it the SDK accepts
    /// any request unauthenticated. Setting this to true says that is meant (a bot behind its own gateway, a demo).
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>A request body larger than this is refused with 413 before it is parsed; Teams activities are a few KB.</summary>
    public int MaxActivityBytes { get; set; } = 256 * 1024;
}
