using ChatOpsBot.Cards;
using ChatOpsBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

public static class WatchingServiceCollectionExtensions
{
    /// <summary>
    /// Watching: <see cref="WatchOptions"/> from the <c>Watching</c> section (validated at start), the
    /// <see cref="IWatchStore"/> it names (migrated at start), the poller's parts and the <see cref="JobWatchPoller"/>
    /// background service, the subscription feed (<see cref="SubscriptionFeedService"/>, which lists nothing until a
    /// conversation subscribes). The host must also register an <see cref="IWatchNotifier"/> and an
    /// <see cref="ISubscriptionNotifier"/> and an <see cref="ISubscriptionDigestNotifier"/> (the Bot edge) and an
    /// <c>ILiteServerJobClient</c> (the ModelArts client); neither is registered here.
    /// </summary>
    public static IServiceCollection AddJobWatching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatchOptions>, WatchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The web host's AddTelemetry registers these too; a host without it (a tool, a test) still records into them.
        services.AddMetrics();
        services.TryAddSingleton<ChatOpsMetrics>();
        services.TryAddSingleton<SqliteWatchStore>();
        services.TryAddSingleton<SqliteLockFileGate>();
        services.TryAddSingleton<PostgresWatchStore>();
        services.TryAddSingleton<IWatchStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresWatchStore>()
            : sp.GetRequiredService<SqliteWatchStore>());
        // Subscriptions live in the same storage as watches: the same instance, so news of both leaves through one outbox.
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.SectionName)
            .Validate(o => o.MaxPerConversation >= 1, "Subscriptions:MaxPerConversation must be at least 1.")
            .Validate(o => o.DigestWindow > TimeSpan.Zero && o.DigestWindow <= SubscriptionOptions.MaxDigestWindow,
                "Subscriptions:DigestWindow must be more than zero and at most 01:00:00.")
            .ValidateOnStart();
        services.TryAddSingleton<ISubscriptionStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresWatchStore>()
            : sp.GetRequiredService<SqliteWatchStore>());
        services.TryAddSingleton<IConversationReferenceStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresWatchStore>()
            : sp.GetRequiredService<SqliteWatchStore>());
        services.TryAddSingleton<IFeedStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresWatchStore>()
            : sp.GetRequiredService<SqliteWatchStore>());
        // Every instance keeps one pace per conversation, in the same storage (Teams limits a bot per conversation).
        services.AddOptions<ConversationPaceOptions>().BindConfiguration(ConversationPaceOptions.SectionName)
            .Validate(o => o.ConversationPostInterval >= TimeSpan.Zero && o.ConversationPostInterval <= TimeSpan.FromMinutes(1),
                "Watching:ConversationPostInterval must be between 00:00:00 and 00:01:00.").ValidateOnStart();
        services.TryAddSingleton<IConversationPaceStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresWatchStore>()
            : sp.GetRequiredService<SqliteWatchStore>());
        services.TryAddSingleton<ConversationPace>();
        services.TryAddSingleton<SubscriptionFeed>();
        services.TryAddSingleton<IDigestStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresWatchStore>()
            : sp.GetRequiredService<SqliteWatchStore>());
        // The digest's card; AddJobCards registers the same, so a host without the Bot edge's cards still has it.
        services.TryAddSingleton<FailureDigestCardBuilder>();
        services.TryAddSingleton<SubscriptionDigests>();
        services.TryAddSingleton<SubscriptionSender>();
        services.TryAddSingleton<SubscriptionFeedService>();
        // PostgreSQL instances share the work through claims; a SQLite file has one poller, the others stand by.
        services.TryAddSingleton<IPollingGate>(sp => UsesPostgres(sp) ? new AlwaysPoll() : sp.GetRequiredService<SqliteLockFileGate>());
        services.TryAddSingleton<JobChangeDetector>();
        services.TryAddSingleton<JobWatcher>();
        services.TryAddSingleton<ProjectAccess>();
        services.TryAddSingleton<JobReader>();
        services.TryAddSingleton<WatchDecider>();
        services.TryAddSingleton<DeliverySender>();
        services.TryAddSingleton<JobWatchPoller>();
        // The store first: hosted services start in registration order.
        services.AddHostedService<WatchStoreInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<JobWatchPoller>());
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionFeedService>());
        return services;
    }

    private static bool UsesPostgres(IServiceProvider services) =>
        services.GetRequiredService<IOptions<WatchOptions>>().Value.Store == WatchStoreKind.Postgres;
}
