using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Tests.Watching;

public sealed class WatchingServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Defaults_apply_when_the_section_is_missing()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var options = provider.GetRequiredService<IOptions<WatchOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(60), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), options.FastPollInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), options.FastPollWindow);
        Assert.Equal(8, options.MaxConcurrency);
        Assert.Equal(TimeSpan.FromDays(7), options.MaxWatchAge);
        Assert.Equal(50, options.MaxWatchesPerConversation);
        Assert.Equal("", options.DataFolder);
    }

    [Fact]
    public void The_watching_services_resolve_but_the_notifier_and_the_api_client_are_left_to_the_host()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Watching:DataFolder"] = _folder.Path });

        Assert.IsType<SqliteWatchStore>(provider.GetRequiredService<IWatchStore>());
        Assert.Same(provider.GetRequiredService<IWatchStore>(), provider.GetRequiredService<IWatchStore>());
        Assert.NotNull(provider.GetRequiredService<JobChangeDetector>());
        Assert.NotNull(provider.GetRequiredService<JobWatcher>());
        Assert.Null(provider.GetService<IWatchNotifier>());
        Assert.Null(provider.GetService<ILiteServerJobClient>());
        Assert.Equal(Path.Combine(_folder.Path, SqliteWatchStore.FileName), ((SqliteWatchStore)provider.GetRequiredService<IWatchStore>()).DatabasePath);
    }

    [Fact]
    public async Task The_store_is_migrated_by_the_first_hosted_service_before_the_poller_starts()
    {
        var services = new ServiceCollection()
            .AddSingleton<IWatchNotifier>(new RecordingNotifier())
            .AddSingleton<ISubscriptionNotifier>(new RecordingSubscriptionNotifier())
            .AddSingleton<ISubscriptionDigestNotifier>(new RecordingSubscriptionNotifier())
            .AddSingleton<ILiteServerJobClient>(new FakeJobClient());
        using var provider = Build(new Dictionary<string, string?> { ["Watching:DataFolder"] = _folder.Path }, services);
        var hosted = provider.GetServices<IHostedService>().ToList();

        Assert.Equal(3, hosted.Count);
        Assert.Same(provider.GetRequiredService<JobWatchPoller>(), hosted[1]);
        Assert.Same(provider.GetRequiredService<SubscriptionFeedService>(), hosted[2]);
        await hosted[0].StartAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folder.Path, SqliteWatchStore.FileName)));
    }

    [Fact]
    public void A_relative_data_folder_is_taken_from_the_content_root()
    {
        var services = new ServiceCollection().AddSingleton<IHostEnvironment>(new ContentRoot(_folder.Path));
        using var provider = Build(new Dictionary<string, string?> { ["Watching:DataFolder"] = "state" }, services);

        var store = (SqliteWatchStore)provider.GetRequiredService<IWatchStore>();

        Assert.Equal(Path.Combine(_folder.Path, "state", SqliteWatchStore.FileName), store.DatabasePath);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_messages_naming_them()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Watching:PollInterval"] = "00:00:30",
            ["Watching:FastPollInterval"] = "00:01:00",
            ["Watching:FastPollWindow"] = "-00:00:01",
            ["Watching:MaxConcurrency"] = "0",
            ["Watching:MaxWatchAge"] = "00:00:10",
            ["Watching:MaxWatchesPerConversation"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WatchOptions>>().Value);

        Assert.Equal(
        [
            "Watching:FastPollInterval must be between 00:00:01 and Watching:PollInterval (00:00:30) (is 00:01:00).",
            "Watching:FastPollWindow must not be negative (is -00:00:01).",
            "Watching:MaxConcurrency must be between 1 and 64 (is 0).",
            "Watching:MaxWatchAge must be longer than Watching:PollInterval (00:00:30) (is 00:00:10).",
            "Watching:MaxWatchesPerConversation must be at least 1 (is 0).",
        ], error.Failures);
    }

    [Fact]
    public void A_poll_interval_under_a_second_is_refused()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Watching:PollInterval"] = "00:00:00.500", ["Watching:FastPollInterval"] = "00:00:00.500" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WatchOptions>>().Value);

        Assert.Contains("Watching:PollInterval must be at least 00:00:01 (is 00:00:00.5000000).", error.Failures);
    }

    [Fact]
    public void The_digest_window_is_two_minutes_unless_set_and_the_digest_parts_resolve()
    {
        using var services = Build(new Dictionary<string, string?> { ["Watching:DataFolder"] = _folder.Path });
        using var set = Build(new Dictionary<string, string?> { ["Subscriptions:DigestWindow"] = "00:05:00" });

        Assert.Equal(TimeSpan.FromMinutes(2), services.GetRequiredService<IOptions<SubscriptionOptions>>().Value.DigestWindow);
        Assert.Equal(TimeSpan.FromMinutes(5), set.GetRequiredService<IOptions<SubscriptionOptions>>().Value.DigestWindow);
        Assert.Same(services.GetRequiredService<IWatchStore>(), services.GetRequiredService<IDigestStore>());
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:01:00")]
    [InlineData("01:00:01")]
    public void A_digest_window_of_nothing_or_of_more_than_an_hour_is_refused_with_the_setting_named(string window)
    {
        using var provider = Build(new Dictionary<string, string?> { ["Subscriptions:DigestWindow"] = window });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SubscriptionOptions>>().Value);
        Assert.Contains("Subscriptions:DigestWindow", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, IServiceCollection? services = null)
    {
        services ??= new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddJobWatching();
        return services.BuildServiceProvider();
    }

    private sealed class ContentRoot(string path) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "ChatOpsBot";
        public string ContentRootPath { get; set; } = path;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
