using System.Text.Json;
using ChatOpsBot.Cards;
using ChatOpsBot.Cards.Model;
using ChatOpsBot.ModelArts.Client;

namespace ChatOpsBot.Tests.Cards;

public sealed class ErrorCardBuilderTests
{
    private const string JobId = "train-resnet50";
    private readonly ErrorCardBuilder _builder = new("0a1b2c3d4e5f");

    [Theory]
    [InlineData(ModelArtsErrorKind.NotFound, "Job not found", "ModelArts has no job with this id in project 0a1b2c3d4e5f.")]
    [InlineData(ModelArtsErrorKind.Forbidden, "No permission to see this job", "may not view Lite Server jobs in project 0a1b2c3d4e5f")]
    [InlineData(ModelArtsErrorKind.Unauthorized, "ModelArts refused the bot's credentials", "Ask the bot's admin")]
    [InlineData(ModelArtsErrorKind.Throttled, "ModelArts is busy", "Try again in 30\u00A0seconds.")]
    [InlineData(ModelArtsErrorKind.Timeout, "ModelArts did not answer in time", "Try again")]
    [InlineData(ModelArtsErrorKind.Unavailable, "ModelArts is unavailable", "(HTTP 503). Try again in a minute.")]
    [InlineData(ModelArtsErrorKind.MalformedResponse, "Unexpected answer from ModelArts", "could not read")]
    [InlineData(ModelArtsErrorKind.Rejected, "ModelArts rejected the request", "(HTTP 400)")]
    [InlineData(ModelArtsErrorKind.InvalidInput, "That is not a job id", "1–64 characters")]
    public void Each_kind_of_error_has_its_own_title_and_advice(ModelArtsErrorKind kind, string title, string advice)
    {
        var message = _builder.Build(ErrorCards.Of(kind), JobId);
        var texts = CardTexts.Of(message.Card);

        Assert.Equal(title, texts[0]);
        Assert.Equal("Job " + JobId, texts[1]);
        Assert.Contains(texts, text => text.Contains(advice, StringComparison.Ordinal));
        Assert.Equal($"⚠️ {title} (job {JobId})", message.Summary);
    }

    [Theory]
    [MemberData(nameof(ErrorCards.Kinds), MemberType = typeof(ErrorCards))]
    public void The_request_id_is_given_for_support_and_no_inner_exception_or_secret_shows(ModelArtsErrorKind kind)
    {
        var error = ErrorCards.Of(kind);
        var json = _builder.Build(error, JobId).ToJson();
        var texts = CardTexts.Of(_builder.Build(error, JobId).Card);

        if (error.RequestId is not null)
        {
            Assert.Contains($"Request id {ErrorCards.RequestId} — give it to Huawei Cloud support if this keeps happening.", texts);
        }
        Assert.DoesNotContain("INNER-DETAIL", json, StringComparison.Ordinal);
        Assert.DoesNotContain("verify aksk", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", json, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelArtsErrorKind.Throttled, true)]
    [InlineData(ModelArtsErrorKind.Timeout, true)]
    [InlineData(ModelArtsErrorKind.Unavailable, true)]
    [InlineData(ModelArtsErrorKind.MalformedResponse, true)]
    [InlineData(ModelArtsErrorKind.NotFound, false)]
    [InlineData(ModelArtsErrorKind.Forbidden, false)]
    [InlineData(ModelArtsErrorKind.Unauthorized, false)]
    [InlineData(ModelArtsErrorKind.Rejected, false)]
    [InlineData(ModelArtsErrorKind.InvalidInput, false)]
    public void Retry_is_offered_only_where_trying_again_can_help(ModelArtsErrorKind kind, bool retry)
    {
        var message = _builder.Build(ErrorCards.Of(kind), JobId);

        if (retry)
        {
            var action = Assert.IsType<ActionSubmit>(Assert.Single(message.Card.Actions!));
            Assert.Equal("Retry", action.Title);
            using var json = JsonDocument.Parse(message.ToJson());
            Assert.Equal("""{"action":"refresh","jobId":"train-resnet50"}""",
                json.RootElement.GetProperty("actions")[0].GetProperty("data").GetRawText());
        }
        else
        {
            Assert.Null(message.Card.Actions);
        }
    }

    [Fact]
    public void Throttled_without_retry_after_waits_ten_seconds()
    {
        var error = new ModelArtsApiException(ModelArtsErrorKind.Throttled, (System.Net.HttpStatusCode)429, "APIGW.0308", "busy", null);
        Assert.Contains("ModelArts is busy", CardTexts.Of(_builder.Build(error, JobId).Card));
        Assert.Contains("Too many requests right now. Try again in 10\u00A0seconds.", CardTexts.Of(_builder.Build(error, JobId).Card));
    }

    [Fact]
    public void Rejected_shows_what_modelarts_said_and_its_error_code()
    {
        var texts = CardTexts.Of(_builder.Build(ErrorCards.Of(ModelArtsErrorKind.Rejected), JobId).Card);

        Assert.Contains("ModelArts said: Invalid parameter: id", texts);
        Assert.Contains("Error code ModelArts.0101", texts);
    }

    [Fact]
    public void Not_configured_tells_an_admin_which_settings_to_set()
    {
        var message = _builder.BuildNotConfigured(JobId);
        var texts = CardTexts.Of(message.Card);

        Assert.Equal("ModelArts is not configured", texts[0]);
        Assert.Contains(texts, text => text.Contains("an admin must set ModelArts:ProjectId, ModelArts:AccessKey and ModelArts:SecretKey", StringComparison.Ordinal));
        Assert.Null(message.Card.Actions);
    }

    [Fact]
    public void A_huge_or_broken_job_id_is_cut_and_gets_no_retry_button()
    {
        var message = _builder.Build(ErrorCards.Of(ModelArtsErrorKind.Timeout), new string('x', 10_000) + "\u0000");

        Assert.True(message.ToJson().Length < 3_000);
        Assert.Null(message.Card.Actions);
    }

    [Fact]
    public void Without_a_project_id_the_card_speaks_of_the_bots_project()
    {
        var texts = CardTexts.Of(new ErrorCardBuilder().Build(ErrorCards.Of(ModelArtsErrorKind.NotFound), JobId).Card);
        Assert.Contains(texts, text => text.Contains("in the bot's project", StringComparison.Ordinal));
    }
}
