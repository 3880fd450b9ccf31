using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// How a job that refuses a read (403/404) is told apart from an account that cannot read the project: the list call
/// with that job's id decides.
/// </summary>
public sealed class JobReaderTests : IDisposable
{
    private const string Other = "1a2b3c4d-0000-4000-8000-000000000002";

    private readonly FakeJobClient _api = new();
    private readonly ProjectAccess _access = new(new FakeTimeProvider(PollerHarness.Start), NullLogger<ProjectAccess>.Instance);
    private readonly JobReader _reader;

    public JobReaderTests() =>
        _reader = new JobReader(_api, _access, Microsoft.Extensions.Options.Options.Create(new WatchOptions()), NullLogger<JobReader>.Instance);

    public void Dispose() => _reader.Dispose();

    [Theory]
    [InlineData(ModelArtsErrorKind.NotFound, ModelArtsErrorKind.NotFound)]
    [InlineData(ModelArtsErrorKind.Forbidden, ModelArtsErrorKind.Forbidden)]
    [InlineData(ModelArtsErrorKind.NotFound, ModelArtsErrorKind.Unauthorized)]
    public async Task A_refused_read_while_the_list_is_refused_too_pauses_instead_of_ending_the_watch(
        ModelArtsErrorKind readRefusal, ModelArtsErrorKind listRefusal)
    {
        _api.Fail(Jobs.Id, readRefusal);
        _api.RefuseList(listRefusal);
        _reader.BeginRound();

        var reading = await _reader.ReadAsync(Jobs.Id, CancellationToken.None);

        Assert.Null(reading.GoneAs);
        Assert.Null(reading.Job);
        Assert.True(reading.RetryIn >= TimeSpan.FromSeconds(54), $"retry in {reading.RetryIn}");
        Assert.Equal(listRefusal, _access.Refusal?.Kind);
    }

    [Fact]
    public async Task A_refused_read_while_the_list_answers_without_the_job_means_the_job_is_gone()
    {
        _api.Fail(Jobs.Id, ModelArtsErrorKind.NotFound);
        _reader.BeginRound();

        var reading = await _reader.ReadAsync(Jobs.Id, CancellationToken.None);

        Assert.Equal(ModelArtsErrorKind.NotFound, reading.GoneAs);
        Assert.Equal(1, _api.Lists);
        Assert.Null(_access.Refusal);
    }

    [Fact]
    public async Task A_refused_read_of_a_job_the_list_still_shows_is_retried_not_ended()
    {
        // The project lists the job, but reading it is refused (a per-job policy, or the list ahead of the read).
        var listed = new FakeJobClient();
        listed.Answer(Jobs.Make("PROCESSING", processing: 2));
        using var reader = new JobReader(new RefusingReads(listed), _access,
            Microsoft.Extensions.Options.Options.Create(new WatchOptions()), NullLogger<JobReader>.Instance);
        reader.BeginRound();

        var reading = await reader.ReadAsync(Jobs.Id, CancellationToken.None);

        Assert.Null(reading.GoneAs);
        Assert.NotNull(reading.RetryIn);
        Assert.Null(_access.Refusal);
    }

    [Fact]
    public async Task The_account_is_asked_once_a_round_and_the_rest_of_the_round_reads_nothing()
    {
        _api.Fail(Jobs.Id, ModelArtsErrorKind.Forbidden);
        _api.Fail(Other, ModelArtsErrorKind.Forbidden);
        _api.RefuseList(ModelArtsErrorKind.Forbidden);

        _reader.BeginRound();
        var first = await _reader.ReadAsync(Jobs.Id, CancellationToken.None);
        var second = await _reader.ReadAsync(Other, CancellationToken.None);
        _reader.BeginRound();
        var nextRound = await _reader.ReadAsync(Other, CancellationToken.None);

        Assert.All([first, second, nextRound], r => Assert.Null(r.GoneAs));
        Assert.Equal(2, _api.Lists);
        Assert.Equal(1, _api.Reads(Jobs.Id));
        Assert.Equal(1, _api.Reads(Other));
        // A second refused round waits about twice as long (PollInterval 60 s doubled, ±10 %).
        Assert.InRange(nextRound.RetryIn!.Value, TimeSpan.FromSeconds(108), TimeSpan.FromSeconds(132));
    }

    [Fact]
    public async Task A_read_that_works_again_ends_the_pause()
    {
        _api.Fail(Jobs.Id, ModelArtsErrorKind.NotFound);
        _api.RefuseList(ModelArtsErrorKind.NotFound);
        _reader.BeginRound();
        await _reader.ReadAsync(Jobs.Id, CancellationToken.None);
        Assert.NotNull(_access.Refusal);

        _api.RefuseList(null);
        _api.Answer(Jobs.Make("PROCESSING", processing: 2));
        _reader.BeginRound();
        var reading = await _reader.ReadAsync(Jobs.Id, CancellationToken.None);

        Assert.NotNull(reading.Job);
        Assert.Null(_access.Refusal);
    }

    /// <summary>Reads refused with 403, lists answered by the inner client.</summary>
    private sealed class RefusingReads(FakeJobClient inner) : ILiteServerJobClient
    {
        public Task<ModelArts.Models.LiteServerJob> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
            throw new ModelArtsApiException(ModelArtsErrorKind.Forbidden, System.Net.HttpStatusCode.Forbidden, "ModelArts.0203",
                "scripted Forbidden", "req-test");

        public Task<ModelArts.Models.LiteServerJobPage> ListJobsAsync(ModelArts.Models.LiteServerJobQuery query,
            CancellationToken cancellationToken) => inner.ListJobsAsync(query, cancellationToken);
    }
}
