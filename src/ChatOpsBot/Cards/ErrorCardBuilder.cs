using System.Globalization;
using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Client;

namespace ChatOpsBot.Cards;

/// <summary>
/// The card for a job that could not be fetched: what went wrong in the user's terms, what to do about it, the request id
/// for Huawei Cloud support, and a Retry button where trying again can help. It shows the API's own error code and, for
/// a rejected request, its error message; never an exception's message, a stack trace or a credential.
/// </summary>
/// <param name="projectId">The ModelArts project the bot reads, named in "not found" and "no permission" cards.</param>
public sealed class ErrorCardBuilder(string? projectId = null)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(10);

    public CardMessage Build(ModelArtsApiException error, string jobId)
    {
        ArgumentNullException.ThrowIfNull(error);
        var project = CardText.Clean(projectId, 64) is { Length: > 0 } p ? "project " + p : "the bot's project";
        var status = error.StatusCode is { } code ? "HTTP " + ((int)code).ToString(CultureInfo.InvariantCulture) : null;
        return error.Kind switch
        {
            ModelArtsErrorKind.NotFound => Card(Tone.Warning, "Job not found", jobId,
                $"ModelArts has no job with this id in {project}. Check the id, or paste the job's console link.", error, retry: false),
            ModelArtsErrorKind.Forbidden => Card(Tone.Attention, "No permission to see this job", jobId,
                $"The bot's ModelArts user may not view Lite Server jobs in {project}. Ask an admin to grant it read access to Lite Server jobs.",
                error, retry: false),
            ModelArtsErrorKind.Unauthorized => Card(Tone.Attention, "ModelArts refused the bot's credentials", jobId,
                "The bot's ModelArts access key was not accepted. Ask the bot's admin to check ModelArts:AccessKey and ModelArts:SecretKey, and the server's clock.",
                error, retry: false),
            ModelArtsErrorKind.Throttled => Card(Tone.Warning, "ModelArts is busy", jobId,
                $"Too many requests right now. Try again in {Seconds(error.RetryAfter ?? DefaultRetryAfter)}.", error, retry: true),
            ModelArtsErrorKind.Timeout => Card(Tone.Warning, "ModelArts did not answer in time", jobId,
                "ModelArts took too long to answer. Try again in a moment.", error, retry: true),
            ModelArtsErrorKind.Unavailable => Card(Tone.Warning, "ModelArts is unavailable", jobId,
                $"ModelArts could not be reached or answered with an error{(status is null ? "" : " (" + status + ")")}. Try again in a minute.",
                error, retry: true),
            ModelArtsErrorKind.MalformedResponse => Card(Tone.Warning, "Unexpected answer from ModelArts", jobId,
                "ModelArts sent an answer the bot could not read. Try again; if it keeps happening, give the request id to support.",
                error, retry: true),
            ModelArtsErrorKind.Rejected => Card(Tone.Attention, "ModelArts rejected the request", jobId,
                $"ModelArts refused to answer{(status is null ? "" : " (" + status + ")")}.", error, retry: false, showApiMessage: true),
            ModelArtsErrorKind.NotConfigured => BuildNotConfigured(jobId),
            ModelArtsErrorKind.InvalidInput => Card(Tone.Warning, "That is not a job id", jobId,
                JobIdRule.Description, error, retry: false),
            _ => Card(Tone.Attention, "Something went wrong asking ModelArts", jobId,
                "Try again in a moment.", error, retry: true),
        };
    }

    /// <summary>The bot has no ModelArts project or credentials configured: only an admin can fix it.</summary>
    public CardMessage BuildNotConfigured(string? jobId) => Card(Tone.Attention, "ModelArts is not configured", jobId,
        "ModelArts is not configured for this bot: an admin must set ModelArts:ProjectId, ModelArts:AccessKey and ModelArts:SecretKey.",
        error: null, retry: false);

    private enum Tone { Warning, Attention }

    private static CardMessage Card(Tone tone, string title, string? jobId, string advice, ModelArtsApiException? error,
        bool retry, bool showApiMessage = false)
    {
        var shownId = CardText.Clean(jobId, JobIdRule.MaxLength);
        var body = new List<CardElement>
        {
            new Container([new TextBlock(title)
            {
                Size = TextSize.Large,
                Weight = TextWeight.Bolder,
                Color = tone == Tone.Attention ? TextColor.Attention : TextColor.Warning,
            }])
            {
                Style = tone == Tone.Attention ? ContainerStyle.Attention : ContainerStyle.Warning,
                Bleed = true,
            },
        };
        if (shownId.Length > 0)
        {
            body.Add(new RichTextBlock([new TextRun("Job ") { IsSubtle = true }, new TextRun(CardText.Breakable(shownId)) { Weight = TextWeight.Bolder }])
            {
                Spacing = Spacing.Small,
            });
        }
        body.Add(new TextBlock(advice) { Spacing = Spacing.Small });
        if (showApiMessage && CardText.Clean(error?.ErrorMessage, 200) is { Length: > 0 } said)
        {
            body.Add(new RichTextBlock([new TextRun("ModelArts said: ") { IsSubtle = true }, new TextRun(CardText.Breakable(said))]) { Spacing = Spacing.Small });
        }
        if (CardText.Clean(error?.ErrorCode, 40) is { Length: > 0 } code)
        {
            body.Add(new RichTextBlock([new TextRun("Error code ") { Size = TextSize.Small, IsSubtle = true },
                new TextRun(CardText.Breakable(code)) { Size = TextSize.Small }]) { Spacing = Spacing.Medium });
        }
        if (CardText.Clean(error?.RequestId, 100) is { Length: > 0 } requestId)
        {
            body.Add(new RichTextBlock(
            [
                new TextRun("Request id ") { Size = TextSize.Small, IsSubtle = true },
                new TextRun(CardText.Breakable(requestId)) { Size = TextSize.Small },
                new TextRun(" — give it to Huawei Cloud support if this keeps happening.") { Size = TextSize.Small, IsSubtle = true },
            ]) { Spacing = error?.ErrorCode is null ? Spacing.Medium : Spacing.None });
        }

        List<CardAction>? actions = null;
        if (retry && jobId is not null && JobIdRule.IsValid(jobId))
        {
            actions = [new ActionSubmit("Retry", new CardActionData(CardActions.Refresh, jobId))];
        }
        var summary = shownId.Length > 0 ? $"⚠️ {title} (job {shownId})" : "⚠️ " + title;
        return new CardMessage(new AdaptiveCard(body) { Actions = actions, FallbackText = summary }, summary);
    }

    // A no-break space keeps "30 seconds" on one line.
    private static string Seconds(TimeSpan wait)
    {
        var seconds = Math.Clamp((int)Math.Ceiling(wait.TotalSeconds), 1, 3600);
        return seconds.ToString(CultureInfo.InvariantCulture) + (seconds == 1 ? "\u00A0second" : "\u00A0seconds");
    }
}
