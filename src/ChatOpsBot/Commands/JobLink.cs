using System.Buffers;

namespace ChatOpsBot.Commands;

/// <summary>
/// Reads a job id out of a pasted link: a ModelArts console URL (<c>…#/dev-server/jobs/{id}</c>), an API URL
/// (<c>…/dev-servers/jobs/{id}</c>), or any URL with a <c>jobId</c>, <c>job_id</c> or <c>id</c> parameter.
/// </summary>
internal static class JobLink
{
    private static readonly string[] IdParameters = ["jobId", "job_id", "id"];

    private static readonly SearchValues<char> HostCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:");

    public static bool LooksLikeLink(string token) =>
        token.Contains("://", StringComparison.Ordinal)
        || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
        || StartsWithHostAndSlash(token);

    /// <summary>False when the token is not a URL, or a URL with no job id in it.</summary>
    public static bool TryReadJobId(string token, out string jobId)
    {
        jobId = "";
        var absolute = token.Contains("://", StringComparison.Ordinal) ? token : "https://" + token;
        if (!Uri.TryCreate(absolute, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        // Console pages route in the fragment ("#/dev-server/jobs/{id}?tab=…"), so the fragment has a path and a query.
        var fragment = uri.Fragment.TrimStart('#');
        var fragmentQueryStart = fragment.IndexOf('?', StringComparison.Ordinal);
        var fragmentPath = fragmentQueryStart < 0 ? fragment : fragment[..fragmentQueryStart];
        var fragmentQuery = fragmentQueryStart < 0 ? "" : fragment[(fragmentQueryStart + 1)..];

        var found = FromPath(fragmentPath) ?? FromPath(uri.AbsolutePath)
            ?? FromQuery(fragmentQuery) ?? FromQuery(uri.Query.TrimStart('?'));
        if (string.IsNullOrEmpty(found))
        {
            return false;
        }
        jobId = found;
        return true;
    }

    private static string? FromPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 2; i >= 0; i--)
        {
            if (segments[i].Equals("jobs", StringComparison.OrdinalIgnoreCase)
                || segments[i].Equals("job", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(segments[i + 1]);
            }
        }
        return null;
    }

    private static string? FromQuery(string query)
    {
        foreach (var name in IdParameters)
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && pair.AsSpan(0, equals).Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return Uri.UnescapeDataString(pair[(equals + 1)..]);
                }
            }
        }
        return null;
    }

    // "console.huaweicloud.com/modelarts/…": a dotted host name, then a slash.
    private static bool StartsWithHostAndSlash(string token)
    {
        var slash = token.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }
        var host = token.AsSpan(0, slash);
        var lastDot = host.LastIndexOf('.');
        return lastDot > 0 && lastDot < host.Length - 2
            && !host.ContainsAnyExcept(HostCharacters)
            && char.IsAsciiLetter(host[^1]);
    }
}
