using ChatOpsBot.ModelArts.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChatOpsBot.ModelArts.Client;

/// <summary>
/// Total deadline → jittered exponential retries (GET only; 429, 5xx, failed connections, attempt timeouts) → attempt
/// timeout. A chat user waits seconds, not the 120 s the official SDKs allow.
/// Timeouts and delays run on real time even when the host registers another <see cref="TimeProvider"/>: a test's
/// frozen clock must not hang a network call. The given provider is the wall clock that Retry-After dates are read by.
/// </summary>
internal static class ModelArtsResiliencePipeline
{
    public const string Name = "modelarts";
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ModelArtsOptions options, TimeProvider timeProvider)
    {
        pipeline.TimeProvider = TimeProvider.System;
        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = options.TotalTimeout });
        if (options.MaxRetries > 0)
        {
            // Only a Retry-After we can afford inside one attempt is waited for; a longer one ends the retries, so
            // the user hears "throttled, try again in N s" at once instead of a timeout later.
            var longestWait = options.AttemptTimeout;
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, timeProvider, longestWait)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RetryAfterReader.Read(response, timeProvider.GetUtcNow()) : null),
            });
        }
        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeProvider timeProvider, TimeSpan longestWait)
    {
        if (context.CancellationToken.IsCancellationRequested
            || context.GetRequestMessage()?.Method != HttpMethod.Get
            || !HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }
        return outcome.Result is not { } response
            || RetryAfterReader.Read(response, timeProvider.GetUtcNow()) is not { } wait
            || wait <= longestWait;
    }
}
