using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>Refuses settings that would poll the API too hard, never poll, or lose the data file, at start.</summary>
public sealed class WatchOptionsValidator : IValidateOptions<WatchOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private const int MaxConcurrencyLimit = 64;

    public ValidateOptionsResult Validate(string? name, WatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = WatchOptions.SectionName;
        var errors = new List<string>();
        if (options.PollInterval < MinInterval)
        {
            errors.Add($"{S}:PollInterval must be at least {MinInterval} (is {options.PollInterval}).");
        }
        if (options.FastPollInterval < MinInterval || options.FastPollInterval > options.PollInterval)
        {
            errors.Add($"{S}:FastPollInterval must be between {MinInterval} and {S}:PollInterval ({options.PollInterval}) (is {options.FastPollInterval}).");
        }
        if (options.FastPollWindow < TimeSpan.Zero)
        {
            errors.Add($"{S}:FastPollWindow must not be negative (is {options.FastPollWindow}).");
        }
        if (options.MaxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            errors.Add($"{S}:MaxConcurrency must be between 1 and {MaxConcurrencyLimit} (is {options.MaxConcurrency}).");
        }
        if (options.MaxWatchAge <= options.PollInterval)
        {
            errors.Add($"{S}:MaxWatchAge must be longer than {S}:PollInterval ({options.PollInterval}) (is {options.MaxWatchAge}).");
        }
        if (options.MaxWatchesPerConversation < 1)
        {
            errors.Add($"{S}:MaxWatchesPerConversation must be at least 1 (is {options.MaxWatchesPerConversation}).");
        }
        if (options.ClaimLease < TimeSpan.FromSeconds(5))
        {
            errors.Add($"{S}:ClaimLease must be at least 00:00:05 (is {options.ClaimLease}).");
        }
        if (options.JobsPerClaim is < 1 or > 10_000)
        {
            errors.Add($"{S}:JobsPerClaim must be between 1 and 10000 (is {options.JobsPerClaim}).");
        }
        if (options.DisabledWatchRetention < TimeSpan.Zero)
        {
            errors.Add($"{S}:DisabledWatchRetention must not be negative (is {options.DisabledWatchRetention}).");
        }
        if (!Enum.IsDefined(options.Store))
        {
            errors.Add($"{S}:Store must be Sqlite or Postgres (is {options.Store}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
