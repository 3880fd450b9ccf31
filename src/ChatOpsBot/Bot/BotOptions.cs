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

    /// <summary>
    /// The hosts an activity's <c>serviceUrl</c> (where answers and watch news go) may name outside Development: host
    /// names, or <c>*.</c> and a domain. The defaults, in appsettings.json, are the public cloud's; sovereign clouds add
    /// theirs. Empty here: the configuration binder appends to a list, it does not replace it.
    /// </summary>
    public IList<string> AllowedServiceUrlHosts { get; } = [];

    /// <summary>How long a <c>job</c> or Refresh answer may take before the conversation is shown "typing…".</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The bot's public host name (<c>chatopsbot.example.com</c>, no scheme): the domain of the Teams app package
    /// (<c>manifest/build-package.mjs</c> reads the same variable, <c>Bot__PublicDomain</c>) and the address the
    /// <c>/privacy</c> and <c>/terms</c> pages name. Optional: the bot answers on whatever host it is called.
    /// </summary>
    public string? PublicDomain { get; set; }
}
