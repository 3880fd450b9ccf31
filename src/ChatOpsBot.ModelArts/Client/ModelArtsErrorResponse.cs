using System.Net;
using System.Text;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.ModelArts.Client;

/// <summary>Turns a non-2xx answer into the one exception the client raises, whatever its body holds.</summary>
internal static class ModelArtsErrorResponse
{
    public const string RequestIdHeader = "X-Request-Id";

    // error_msg goes into cards and logs: long enough to be useful, short enough for a phone and a log line.
    private const int MaxMessageLength = 500;
    private const int MaxCodeLength = 64;
    private const int MaxRequestIdLength = 128;

    public static ModelArtsErrorKind KindOf(HttpStatusCode status) => (int)status switch
    {
        404 => ModelArtsErrorKind.NotFound,
        403 => ModelArtsErrorKind.Forbidden,
        401 => ModelArtsErrorKind.Unauthorized,
        429 => ModelArtsErrorKind.Throttled,
        >= 500 => ModelArtsErrorKind.Unavailable,
        _ => ModelArtsErrorKind.Rejected,
    };

    public static ModelArtsApiException From(HttpResponseMessage response, byte[]? body, DateTimeOffset now)
    {
        var kind = KindOf(response.StatusCode);
        var error = body is null ? null : TryParse(body);
        var message = Clean(error?.ErrorMessage, MaxMessageLength) ?? SentenceFor(kind, response.StatusCode, body is null);
        return new ModelArtsApiException(kind, response.StatusCode, Clean(error?.ErrorCode, MaxCodeLength), message, RequestIdOf(response))
        {
            RetryAfter = kind is ModelArtsErrorKind.Throttled or ModelArtsErrorKind.Unavailable ? RetryAfterReader.Read(response, now) : null,
        };
    }

    public static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(RequestIdHeader, out var values) ? Clean(values.FirstOrDefault(), MaxRequestIdLength) : null;

    private static ModelArtsErrorBody? TryParse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ModelArtsJsonContext.Default.ModelArtsErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string SentenceFor(ModelArtsErrorKind kind, HttpStatusCode status, bool tooLarge)
    {
        var sentence = kind switch
        {
            ModelArtsErrorKind.NotFound => "ModelArts has no such job in this project.",
            ModelArtsErrorKind.Forbidden => "These credentials may not see this job.",
            ModelArtsErrorKind.Unauthorized => "ModelArts refused the credentials or the signature.",
            ModelArtsErrorKind.Throttled => "ModelArts is throttling requests; try again shortly.",
            ModelArtsErrorKind.Unavailable => "ModelArts is unavailable right now.",
            _ => $"ModelArts refused the request ({(int)status}).",
        };
        return tooLarge ? sentence + " (The error answer was too large to read.)" : sentence;
    }

    /// <summary>Text from the wire, made safe for one log line and a card: no control characters, bounded length.</summary>
    private static string? Clean(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        foreach (var c in text.Trim())
        {
            if (builder.Length >= maxLength && !char.IsLowSurrogate(c))
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}
