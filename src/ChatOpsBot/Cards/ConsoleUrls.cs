namespace ChatOpsBot.Cards;

/// <summary>Links to a job's page in the ModelArts console, from <see cref="CardOptions.ConsoleJobUrlTemplate"/>.</summary>
public sealed class ConsoleUrls
{
    private readonly string _template;
    private readonly string _region;

    /// <exception cref="ArgumentException">The template is not an absolute http(s) URL with <c>{jobId}</c> in it,
    /// or it needs a region and none was given: a configuration error worth failing start-up for.</exception>
    public ConsoleUrls(CardOptions options, string? region)
    {
        ArgumentNullException.ThrowIfNull(options);
        _template = options.ConsoleJobUrlTemplate ?? "";
        _region = region?.Trim() ?? "";
        if (!_template.Contains("{jobId}", StringComparison.Ordinal))
        {
            throw new ArgumentException("Cards:ConsoleJobUrlTemplate must contain {jobId}.", nameof(options));
        }
        if (_template.Contains("{region}", StringComparison.Ordinal) && _region.Length == 0)
        {
            throw new ArgumentException("Cards:ConsoleJobUrlTemplate needs {region}, and no ModelArts region is set.", nameof(region));
        }
        if (!TryBuild("job", out _))
        {
            throw new ArgumentException("Cards:ConsoleJobUrlTemplate must be an absolute http or https URL.", nameof(options));
        }
    }

    public Uri ForJob(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return TryBuild(jobId, out var url)
            ? url
            : throw new ArgumentException("The job id does not make a valid console URL.", nameof(jobId));
    }

    private bool TryBuild(string jobId, out Uri url) =>
        Uri.TryCreate(
            _template.Replace("{region}", Uri.EscapeDataString(_region), StringComparison.Ordinal)
                .Replace("{jobId}", Uri.EscapeDataString(jobId), StringComparison.Ordinal),
            UriKind.Absolute, out url!)
        && url.Scheme is "http" or "https";
}
