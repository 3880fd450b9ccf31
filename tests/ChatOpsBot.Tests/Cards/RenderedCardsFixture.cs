using System.Text.Json;
using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Cards;

/// <summary>
/// Builds every kind of card once, writes their JSON, and runs the official validator and the Chromium renderer over
/// all of them in one go (starting Chromium is the slow part).
/// </summary>
public sealed class RenderedCardsFixture : IDisposable
{
    public static readonly int[] Widths = [360, 540];

    public RenderedCardsFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "chatopsbot-cards-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var consoleUrls = new ConsoleUrls(new CardOptions(), "ap-southeast-1");
        var jobs = new JobCardBuilder(new FakeTimeProvider(SampleJobs.Now));
        var seed = SampleJobs.Seed();
        var cards = new Dictionary<string, CardMessage>
        {
            ["seed-job"] = new JobCardBuilder(new FakeTimeProvider(seed.UpdatedAt!.Value + TimeSpan.FromMinutes(4)))
                .Build(new JobCardView(seed, consoleUrls.ForJob(seed.Id!), WatchButton.Watch)),
            ["many-failures"] = Job(jobs, SampleJobs.ManyFailures(), consoleUrls, WatchButton.Unwatch),
            ["numbers-only-failures"] = Job(jobs, SampleJobs.NumbersOnlyFailures(), consoleUrls, WatchButton.Unwatch),
            ["running"] = Job(jobs, SampleJobs.Running(), consoleUrls, WatchButton.Watch),
            ["unknown-status"] = Job(jobs, SampleJobs.UnknownStatus(), consoleUrls, WatchButton.Hidden),
            ["ten-thousand-failures"] = Job(jobs, SampleJobs.TenThousandDistinctFailures(), consoleUrls, WatchButton.Watch),
            ["hostile"] = jobs.Build(new JobCardView(SampleJobs.Hostile(), consoleUrls.ForJob("x"), WatchButton.Watch)),
            ["job-list"] = new JobListCardBuilder(new FakeTimeProvider(SampleJobLists.Now)).Build(new JobListFilter(), SampleJobLists.Busy()),
            ["job-list-filtered"] = new JobListCardBuilder(new FakeTimeProvider(SampleJobLists.Now))
                .Build(new JobListFilter(JobListStatus.Failed, "train-bert"), SampleJobLists.FailedTrainBert()),
            ["failure-digest"] = new FailureDigestCardBuilder().Build(SampleDigests.Burst(20), SampleDigests.Start, TimeSpan.FromMinutes(2)),
            ["failure-digest-two"] = new FailureDigestCardBuilder().Build(SampleDigests.Burst(2), SampleDigests.Start, TimeSpan.FromMinutes(2)),
            ["help"] = new HelpCardBuilder().Build(),
            ["welcome"] = new WelcomeCardBuilder().Build(),
        };
        var errors = new ErrorCardBuilder("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        foreach (var kind in Enum.GetValues<ModelArtsErrorKind>())
        {
            cards["error-" + kind.ToString().ToLowerInvariant()] = errors.Build(ErrorCards.Of(kind), "train-resnet50");
        }
        cards["error-notconfigured"] = errors.BuildNotConfigured("train-resnet50");

        Cards = cards;
        Files = cards.ToDictionary(card => card.Key, card =>
        {
            var path = Path.Combine(Directory, card.Key + ".json");
            File.WriteAllText(path, card.Value.ToJson());
            return path;
        });

        var validation = NodeScripts.Run("validate-card.mjs", Files.Values, TimeSpan.FromMinutes(2));
        Validation = JsonSerializer.Deserialize<List<ValidationResult>>(validation.Output, JsonOptions)
            ?? throw new InvalidOperationException("validate-card.mjs printed nothing: " + validation.Error);

        var render = NodeScripts.Run("render-cards.mjs",
            ["--out", Path.Combine(Directory, "png"), "--widths", string.Join(',', Widths), .. Files.Values], TimeSpan.FromMinutes(5));
        Renders = JsonSerializer.Deserialize<List<RenderResult>>(render.Output, JsonOptions) is { Count: > 0 } renders
            ? renders
            : throw new InvalidOperationException($"render-cards.mjs rendered nothing ({render.ExitCode}): {render.Error}");
    }

    public string Directory { get; }
    public IReadOnlyDictionary<string, CardMessage> Cards { get; }
    public IReadOnlyDictionary<string, string> Files { get; }
    public IReadOnlyList<ValidationResult> Validation { get; }
    public IReadOnlyList<RenderResult> Renders { get; }

    public void Dispose()
    {
        // Kept when asked for, to look at the PNGs (docs/cards comes from here).
        if (Environment.GetEnvironmentVariable("CHATOPSBOT_KEEP_RENDERS") is null)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static CardMessage Job(JobCardBuilder builder, LiteServerJob job, ConsoleUrls urls, WatchButton watch) =>
        builder.Build(new JobCardView(job, urls.ForJob(job.Id!), watch));

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
}

public sealed record ValidationResult(string File, IReadOnlyList<ValidationError> Errors);

public sealed record ValidationError(string Source, string? Event, string Message);

public sealed record RenderResult(string File, int Width, string Png, bool ScrollsHorizontally, int ScrollWidth,
    IReadOnlyList<string> Clipped, IReadOnlyList<string> RenderErrors);
