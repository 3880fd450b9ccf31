using System.Net;

namespace ChatOpsBot.ModelArts.Client;

/// <summary>
/// The one error the client raises: an HTTP error answer, a body that is not the expected JSON, a timeout, or a
/// refused input. Carries what support needs (the <c>X-Request-Id</c>) and never a credential.
/// </summary>
public sealed class ModelArtsApiException : Exception
{
    public ModelArtsApiException(ModelArtsErrorKind kind, HttpStatusCode? statusCode, string? errorCode, string errorMessage,
        string? requestId, Exception? innerException = null)
        : base(Describe(kind, statusCode, errorCode, errorMessage, requestId), innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
    }

    public ModelArtsErrorKind Kind { get; }

    /// <summary>The HTTP status of the answer; null when no answer came (timeout, connection refused, invalid input).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary><c>error_code</c> from the body, e.g. <c>ModelArts.6404</c> or <c>APIGW.0301</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary><c>error_msg</c> from the body, or a sentence of ours when the body had none.</summary>
    public string ErrorMessage { get; }

    /// <summary>The <c>X-Request-Id</c> response header, for Huawei Cloud support.</summary>
    public string? RequestId { get; }

    /// <summary>How long the server asked us to wait (<c>Retry-After</c>) on a 429 or 5xx; null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; init; }

    private static string Describe(ModelArtsErrorKind kind, HttpStatusCode? status, string? code, string message, string? requestId)
    {
        var outcome = status is { } s
            ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : kind is ModelArtsErrorKind.InvalidInput or ModelArtsErrorKind.NotConfigured ? "request not sent" : "no answer";
        return $"ModelArts {outcome}{(code is null ? "" : " " + code)}: {message}{(requestId is null ? "" : $" (request id {requestId})")}";
    }
}
