using System.Collections.Concurrent;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>
/// A Lite Server API of scripted answers, for unit tests of the poller only: each job answers with what the test
/// last set (a job or an error), and every read is counted.
/// </summary>
internal sealed class FakeJobClient : ILiteServerJobClient
{
    private readonly ConcurrentDictionary<string, Func<LiteServerJob>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;
    private int _lists;
    private ModelArtsErrorKind? _listRefusal;

    /// <summary>A real pause inside each read, to let reads overlap.</summary>
    public TimeSpan ReadDelay { get; set; } = TimeSpan.Zero;

    public int MaxConcurrentReads => Volatile.Read(ref _maxInFlight);

    public void Answer(LiteServerJob job) => _answers[job.Id!] = () => job;

    public void Fail(string jobId, ModelArtsErrorKind kind, TimeSpan? retryAfter = null) =>
        _answers[jobId] = () => throw new ModelArtsApiException(kind, null, "APIGW.0308", $"scripted {kind}", "req-test")
        {
            RetryAfter = retryAfter,
        };

    public int Reads(string jobId) => _reads.GetValueOrDefault(jobId);

    public async Task<LiteServerJob> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        _reads.AddOrUpdate(jobId, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        try
        {
            var max = Volatile.Read(ref _maxInFlight);
            while (now > max)
            {
                var prior = Interlocked.CompareExchange(ref _maxInFlight, now, max);
                if (prior == max)
                {
                    break;
                }
                max = prior;
            }
            if (ReadDelay > TimeSpan.Zero)
            {
                await Task.Delay(ReadDelay, cancellationToken);
            }
            return _answers.TryGetValue(jobId, out var answer)
                ? answer()
                : throw new ModelArtsApiException(ModelArtsErrorKind.NotFound, System.Net.HttpStatusCode.NotFound, "ModelArts.6404",
                    "no such job", "req-test");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// The list API, which the poller calls only after a job refused a read: it lists the jobs that answer, unless
    /// <see cref="RefuseList"/> made the whole project refuse.
    /// </summary>
    public Task<LiteServerJobPage> ListJobsAsync(LiteServerJobQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        if (_listRefusal is { } kind)
        {
            throw new ModelArtsApiException(kind, null, "APIGW.0306", $"scripted {kind}", "req-test");
        }
        var rows = _answers.Where(a => query.Id is null || a.Key == query.Id).Where(a => Answers(a.Value))
            .Select(a => new LiteServerJobSummary { Id = a.Key }).ToList();
        return Task.FromResult(new LiteServerJobPage { Data = rows });
    }

    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Null: the list answers. Otherwise every list call is refused so (the account cannot read the project).</summary>
    public void RefuseList(ModelArtsErrorKind? kind) => _listRefusal = kind;

    private static bool Answers(Func<LiteServerJob> answer)
    {
        try
        {
            answer();
            return true;
        }
        catch (ModelArtsApiException)
        {
            return false;
        }
    }
}
