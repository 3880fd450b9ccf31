using System.Net;
using ChatOpsBot.ModelArts.Client;

namespace ChatOpsBot.Tests.Cards;

/// <summary>One realistic <see cref="ModelArtsApiException"/> of every kind, as the client raises them.</summary>
internal static class ErrorCards
{
    public const string RequestId = "a3f6c2d19b8e4f7a8c1d2e3f4a5b6c7d";

    public static TheoryData<ModelArtsErrorKind> Kinds() => new(Enum.GetValues<ModelArtsErrorKind>());

    public static ModelArtsApiException Of(ModelArtsErrorKind kind) => kind switch
    {
        ModelArtsErrorKind.NotFound => new(kind, HttpStatusCode.NotFound, "ModelArts.6404", "job not found", RequestId),
        ModelArtsErrorKind.Forbidden => new(kind, HttpStatusCode.Forbidden, "ModelArts.0203", "no permission", RequestId),
        ModelArtsErrorKind.Unauthorized => new(kind, HttpStatusCode.Unauthorized, "APIGW.0301",
            "Incorrect IAM authentication information: verify aksk signature fail", RequestId),
        ModelArtsErrorKind.Throttled => new(kind, (HttpStatusCode)429, "APIGW.0308", "The throttling threshold has been reached", RequestId)
        {
            RetryAfter = TimeSpan.FromSeconds(30),
        },
        ModelArtsErrorKind.Unavailable => new(kind, HttpStatusCode.ServiceUnavailable, null, "Service unavailable", RequestId,
            new HttpRequestException("INNER-DETAIL-7f3: connection refused 10.1.2.3")),
        ModelArtsErrorKind.Timeout => new(kind, null, null, "No answer within 10 s", null,
            new TaskCanceledException("INNER-DETAIL-7f3")),
        ModelArtsErrorKind.MalformedResponse => new(kind, HttpStatusCode.OK, null, "The body was not JSON", RequestId,
            new System.Text.Json.JsonException("INNER-DETAIL-7f3")),
        ModelArtsErrorKind.Rejected => new(kind, HttpStatusCode.BadRequest, "ModelArts.0101", "Invalid parameter: id", RequestId),
        ModelArtsErrorKind.InvalidInput => new(kind, null, null, "The job id must be 1 to 64 characters.", null),
        ModelArtsErrorKind.NotConfigured => new(kind, null, null, "ModelArts:SecretKey is missing.", null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a new kind needs a sample here"),
    };
}
