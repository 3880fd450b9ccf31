using ChatOpsBot.Security;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Bot;

/// <summary>Composition of the Bot Framework edge: authentication, adapter, activity handler, proactive notifier, endpoint.</summary>
public static partial class BotFrameworkExtensions
{
    public const string MessagesPath = "/api/messages";

    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        // Outside Development, refuses to start without an app id (unless Bot:AllowAnonymous) or with credentials
        // that do not fit MicrosoftAppType; see BotCredentialsValidator.
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotCredentialsValidator>());

        // Reads MicrosoftAppType, MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from configuration;
        // with no app id the SDK accepts anonymous traffic (the Development Playground sends no token). The settings
        // are validated first, so a start-up error says what to fix rather than the SDK's constructor exception.
        services.AddSingleton<BotFrameworkAuthentication>(sp =>
        {
            _ = sp.GetRequiredService<IOptions<BotOptions>>().Value;
            return ActivatorUtilities.CreateInstance<ConfigurationBotFrameworkAuthentication>(sp);
        });
        // The SDK's connector calls go through the factory's default client, whose Trace log lists request headers:
        // the bot's bearer token must never be one of them, whatever the framework's default becomes.
        services.ConfigureHttpClientDefaults(client => client.RedactLoggedHeaders(static _ => true));
        services.AddSingleton<ChatOpsAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<ChatOpsAdapter>());
        services.AddSingleton<ActivityEndpoint>();
        services.AddSingleton<IdentityProviderMonitor>();
        services.AddSingleton<ServiceUrlPolicy>();
        services.AddSingleton<TypingIndicator>();
        services.AddSingleton<TurnGuard>();
        services.AddSingleton<ConversationReferenceRefresher>();
        services.AddSingleton<JobCardProvider>();
        services.AddSingleton<CardReplacer>();
        services.AddSingleton<WatchCommands>();
        services.AddSingleton<SubscriptionCommands>();
        services.AddSingleton<SubscriptionPoster>();
        services.AddSingleton<ISubscriptionNotifier>(sp => sp.GetRequiredService<SubscriptionPoster>());
        services.AddSingleton<ISubscriptionDigestNotifier>(sp => sp.GetRequiredService<SubscriptionPoster>());
        services.AddSingleton<JobListCommands>();
        services.AddSingleton<ConversationCommands>();
        services.AddSingleton<IWatchNotifier, ProactiveWatchNotifier>();
        services.AddTransient<IBot, ChatOpsActivityHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(MessagesPath, (HttpContext context, ActivityEndpoint endpoint, IBot bot) => endpoint.HandleAsync(context, bot));
        WarnIfAnonymous(endpoints.ServiceProvider);
        return endpoints;
    }

    private static void WarnIfAnonymous(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        var configuration = services.GetRequiredService<IConfiguration>();
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(configuration[BotCredentialsValidator.AppIdKey])
            && configuration.GetValue<bool>(BotOptions.AllowAnonymousKey))
        {
            LogAnonymous(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotFrameworkExtensions)), MessagesPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Bot:AllowAnonymous is true and MicrosoftAppId is empty: {Path} accepts unauthenticated requests from anyone who can reach it")]
    private static partial void LogAnonymous(ILogger logger, string path);
}
