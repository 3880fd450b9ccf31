namespace ChatOpsBot.ModelArts.Configuration;

/// <summary>
/// The <c>ModelArts</c> configuration section. A class, not a record: a record's generated <c>ToString</c> would print
/// the secret key into any log that formats the options.
/// </summary>
public sealed class ModelArtsOptions
{
    public const string SectionName = "ModelArts";
    public const string DefaultRegion = "cn-north-4";

    public string Region { get; set; } = DefaultRegion;

    /// <summary>Empty: derived from <see cref="Region"/> (see <see cref="ModelArtsEndpoints.ForRegion"/>).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1056:URI-like properties should not be strings",
        Justification = "Bound from configuration, where empty means 'derive from Region'; ResolveEndpoint gives the Uri.")]
    public string? Endpoint { get; set; }

    public string? ProjectId { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Set for temporary credentials; sent and signed as <c>X-Security-Token</c>.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>The wait for one try.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The wait for the whole call, retries included: what a chat user can bear.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a GET after 429, 5xx, a failed connection or an attempt timeout.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The base address of the API, always ending in '/', so that relative paths keep any path prefix.</summary>
    public Uri ResolveEndpoint()
    {
        var endpoint = string.IsNullOrWhiteSpace(Endpoint)
            ? ModelArtsEndpoints.ForRegion(Region)
            : new Uri(Endpoint.Trim(), UriKind.Absolute);
        return endpoint.AbsolutePath.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }
}
