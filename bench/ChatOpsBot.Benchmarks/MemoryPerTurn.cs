using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChatOpsBot.Bot;
using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// Where one large <c>job</c> turn's garbage comes from, in bytes allocated by the process (nothing else runs in it): the answer read by
/// the real <see cref="LiteServerJobClient"/> (signing, resilience pipeline and all, over a canned loopback-free
/// handler so no simulator shares the count), the card built from the job, and the card as the SDK's attachment.
/// </summary>
internal static class MemoryPerTurn
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task RunAsync(MemoryPerTurnOptions options)
    {
        var jobId = string.Create(CultureInfo.InvariantCulture, $"synthetic-{options.TasksPerJob}-{options.TasksPerJob}-1");
        if (!SyntheticJobs.TryCreate(jobId, DateTimeOffset.UtcNow, out var generated))
        {
            throw new ArgumentException($"{jobId} is not a job the simulator makes.");
        }
        // As the simulator sends it (indented).
        var body = JsonSerializer.SerializeToUtf8Bytes(generated, Indented);
        generated = null!;

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelArts:Endpoint"] = "https://modelarts.example.invalid/",
            ["ModelArts:ProjectId"] = "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            ["ModelArts:AccessKey"] = "BENCHACCESSKEY0000000",
            ["ModelArts:SecretKey"] = "bench-secret-key-0000000000000000000000",
        }).Build());
        services.AddLogging();
        services.AddModelArtsClient();
        services.AddHttpClient<LiteServerJobClient>().ConfigurePrimaryHttpMessageHandler(() => new CannedAnswer(body));
        await using var provider = services.BuildServiceProvider();

        var builder = new JobCardBuilder(TimeProvider.System);
        var console = new ConsoleUrls(new CardOptions(), "ap-southeast-1");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{jobId}: answer {body.Length / 1024.0 / 1024.0:0.0} MB of JSON; bytes allocated per turn (run {options.Repeat + 1} of {options.Repeat + 1}):"));
        (long Read, long Card, long Attachment) last = default;
        for (var run = 0; run <= options.Repeat; run++)
        {
            var client = provider.GetRequiredService<LiteServerJobClient>();
            var start = GC.GetTotalAllocatedBytes(precise: true);
            var job = await client.GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false);
            var read = GC.GetTotalAllocatedBytes(precise: true);
            var card = builder.Build(new JobCardView(job, console.ForJob(jobId), WatchButton.Watch));
            var built = GC.GetTotalAllocatedBytes(precise: true);
            var attachment = CardActivities.ToAttachment(card.Card);
            var sent = GC.GetTotalAllocatedBytes(precise: true);
            GC.KeepAlive(attachment);
            last = (read - start, built - read, sent - built);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  read the answer into a job  {Mb(last.Read),8:0.00} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  build the card              {Mb(last.Card),8:0.00} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  card to the SDK's JObject   {Mb(last.Attachment),8:0.00} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  total                       {Mb(last.Read + last.Card + last.Attachment),8:0.00} MB"));
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>The job's answer as ModelArts gives it, without a socket: the bytes counted are the bot's own.</summary>
    private sealed class CannedAnswer(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
            });
    }
}
