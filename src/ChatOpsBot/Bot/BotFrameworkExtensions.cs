using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace ChatOpsBot.Bot;

/// <summary>Composition of the Bot Framework edge: authentication, adapter, activity handler, proactive notifier, endpoint.</summary>
public static class BotFrameworkExtensions
{
    public const string MessagesPath = "/api/messages";

    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        // Reads MicrosoftAppType, MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from configuration;
        // with no app id the SDK accepts anonymous traffic (the Development Playground sends no token).
        services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<ChatOpsAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<ChatOpsAdapter>());
        services.AddSingleton<TurnGuard>();
        services.AddSingleton<JobCardProvider>();
        services.AddSingleton<CardReplacer>();
        services.AddSingleton<WatchCommands>();
        services.AddSingleton<ConversationCommands>();
        services.AddSingleton<IWatchNotifier, ProactiveWatchNotifier>();
        services.AddTransient<IBot, ChatOpsActivityHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MessagesPath, (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessAsync(request, response, bot, cancellationToken));
        return endpoints;
    }
}
