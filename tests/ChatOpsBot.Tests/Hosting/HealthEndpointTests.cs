using System.Net;
using ChatOpsBot.Hosting;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatOpsBot.Tests.Hosting;

/// <summary>/healthz and /readyz of the real bot, over HTTP, with the watch store on a real SQLite file.</summary>
public sealed class HealthEndpointTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("chatopsbot-health-").FullName;

    [Fact]
    public async Task Liveness_and_readiness_answer_200_when_the_store_and_settings_are_usable()
    {
        await using var bot = await StartAsync();

        var (liveness, livenessBody) = await GetAsync(bot, HealthEndpointExtensions.LivenessPath);
        var (readiness, readinessBody) = await GetAsync(bot, HealthEndpointExtensions.ReadinessPath);

        Assert.Equal(HttpStatusCode.OK, liveness);
        Assert.Equal("Healthy", livenessBody);
        Assert.Equal(HttpStatusCode.OK, readiness);
        Assert.Equal("Healthy", readinessBody);
    }

    [Fact]
    public async Task Readiness_answers_503_when_the_data_folder_is_replaced_by_a_file_and_liveness_stays_200()
    {
        await using var bot = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, HealthEndpointExtensions.ReadinessPath)).Status);

        // The folder's volume goes away and something else takes its path: watches.db is now under a regular file.
        Directory.Delete(_dataFolder, recursive: true);
        await File.WriteAllTextAsync(_dataFolder, "not a folder");

        var (readiness, body) = await GetAsync(bot, HealthEndpointExtensions.ReadinessPath);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness);
        Assert.Equal("Unhealthy", body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, HealthEndpointExtensions.LivenessPath)).Status);
    }

    [Fact]
    public async Task Readiness_answers_503_when_the_watch_database_was_deleted_though_pooled_connections_still_read_it()
    {
        await using var bot = await StartAsync();
        var store = bot.Services.GetRequiredService<IWatchStore>();
        await store.ListByConversationAsync("health-test", CancellationToken.None);

        foreach (var file in Directory.EnumerateFiles(_dataFolder))
        {
            File.Delete(file);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(bot, HealthEndpointExtensions.ReadinessPath)).Status);
    }

    [Fact]
    public async Task Unready_store_is_explained_in_the_log_and_not_to_the_caller()
    {
        await using var bot = await StartAsync(services => services.AddFakeLogging());
        Directory.Delete(_dataFolder, recursive: true);
        await File.WriteAllTextAsync(_dataFolder, "not a folder");

        var (_, body) = await GetAsync(bot, HealthEndpointExtensions.ReadinessPath);

        Assert.DoesNotContain(_dataFolder, body, StringComparison.Ordinal);
        var logged = bot.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Level >= LogLevel.Warning && r.Message.Contains("watch-store", StringComparison.Ordinal))
            .ToList();
        var record = Assert.Single(logged);
        Assert.Contains("Watching:DataFolder", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_follows_a_configuration_reload_that_breaks_a_setting_and_one_that_fixes_it()
    {
        await using var bot = await StartAsync(services => services.AddFakeLogging());
        var configuration = (IConfigurationRoot)bot.Services.GetRequiredService<IConfiguration>();

        Reload(configuration, "Watching:MaxConcurrency", "0");
        var broken = await GetAsync(bot, HealthEndpointExtensions.ReadinessPath);
        var reason = bot.Services.GetFakeLogCollector().GetSnapshot()
            .Single(r => r.Level >= LogLevel.Warning && r.Message.Contains("configuration", StringComparison.Ordinal));

        Reload(configuration, "Watching:MaxConcurrency", "8");
        var fixedAgain = await GetAsync(bot, HealthEndpointExtensions.ReadinessPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.Status);
        Assert.Contains("Watching:MaxConcurrency must be between 1 and 64", reason.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fixedAgain.Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, HealthEndpointExtensions.LivenessPath)).Status);
    }

    public void Dispose()
    {
        if (File.Exists(_dataFolder))
        {
            File.Delete(_dataFolder);
        }
        else if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    private static void Reload(IConfigurationRoot configuration, string key, string value)
    {
        configuration[key] = value;
        try
        {
            configuration.Reload();
        }
        catch (AggregateException error) when (error.Flatten().InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException))
        {
            // Options change listeners rebuild the options at once and throw on invalid ones; after a file reload that
            // happens on the file watcher's thread. What matters here is what the readiness check sees next.
        }
    }

    private Task<BotTestHost> StartAsync(Action<IServiceCollection>? services = null) =>
        BotTestHost.StartAsync(new Dictionary<string, string?> { ["Watching:DataFolder"] = _dataFolder }, services);

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(BotTestHost bot, string path)
    {
        using var response = await bot.Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
