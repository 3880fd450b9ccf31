using System.Net;

namespace ChatOpsBot.Hosting;

/// <summary>The <c>outcome</c> tag of <c>chatopsbot.modelarts.requests</c>: a small fixed set, in the words of the error cards.</summary>
public static class ModelArtsRequestOutcome
{
    public const string Ok = "ok";
    public const string NotFound = "not_found";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string Throttled = "throttled";
    public const string ServerError = "server_error";
    public const string Rejected = "rejected";
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";

    public static string Of(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => Ok,
        404 => NotFound,
        401 => Unauthorized,
        403 => Forbidden,
        429 => Throttled,
        >= 500 => ServerError,
        _ => Rejected,
    };
}
