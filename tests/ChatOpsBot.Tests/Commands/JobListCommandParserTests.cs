using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Commands;

/// <summary><c>jobs [failed|running|finished] [name &lt;prefix&gt;]</c>, typed as people type in Teams.</summary>
public sealed class JobListCommandParserTests
{
    [Theory]
    [InlineData("jobs")]
    [InlineData("JOBS")]
    [InlineData("/jobs")]
    [InlineData("jobs.")]
    [InlineData("<at>Test Bot</at> jobs")]
    [InlineData("<p><at>Test Bot</at>&nbsp;jobs</p>")]
    [InlineData("jobs all")]
    public void Jobs_alone_lists_every_job(string text) =>
        Assert.Equal(new ListJobsCommand(new JobListFilter()), CommandParser.Parse(text));

    [Theory]
    [InlineData("jobs failed", JobListStatus.Failed)]
    [InlineData("Jobs Failed.", JobListStatus.Failed)]
    [InlineData("jobs failing!", JobListStatus.Failed)]
    [InlineData("<at>Test Bot</at> jobs running", JobListStatus.Running)]
    [InlineData("jobs RUNNING", JobListStatus.Running)]
    [InlineData("jobs processing", JobListStatus.Running)]
    [InlineData("jobs finished", JobListStatus.Finished)]
    [InlineData("jobs \"finished\"", JobListStatus.Finished)]
    [InlineData("jobs done", JobListStatus.Finished)]
    public void A_status_word_narrows_the_list(string text, JobListStatus status) =>
        Assert.Equal(new ListJobsCommand(new JobListFilter(status)), CommandParser.Parse(text));

    [Theory]
    [InlineData("jobs name train-", JobListStatus.All, "train-")]
    [InlineData("jobs failed name train-", JobListStatus.Failed, "train-")]
    [InlineData("jobs name train- failed", JobListStatus.Failed, "train-")]
    [InlineData("<at>Test Bot</at> jobs running NAME hdk-upgrade", JobListStatus.Running, "hdk-upgrade")]
    [InlineData("jobs failed name \"train-bert\"", JobListStatus.Failed, "train-bert")]
    [InlineData("jobs failed name `train-bert`.", JobListStatus.Failed, "train-bert")]
    [InlineData("jobs named eval", JobListStatus.All, "eval")]
    [InlineData("<p>jobs&nbsp;finished&nbsp;name&nbsp;Train_</p>", JobListStatus.Finished, "Train_")]
    public void Name_takes_the_start_of_a_name(string text, JobListStatus status, string prefix) =>
        Assert.Equal(new ListJobsCommand(new JobListFilter(status, prefix)), CommandParser.Parse(text));

    [Theory]
    [InlineData("jobs 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("jobs id: 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("jobs https://console.huaweicloud.com/modelarts/?region=cn-north-4#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955")]
    public void Jobs_with_one_job_id_still_shows_that_job(string text) =>
        Assert.Equal(new ShowJobCommand(JobIdRule.Example), CommandParser.Parse(text));

    [Theory]
    [InlineData("jobs name", "Which name?")]
    [InlineData("jobs failed name", "Which name?")]
    [InlineData("jobs failed running", "Pick one of failed, running or finished.")]
    [InlineData("jobs failed please now", "I did not understand that filter.")]
    [InlineData("jobs name a name b", "Give one name.")]
    public void Words_it_cannot_read_get_a_sentence_that_says_how(string text, string reason)
    {
        var command = Assert.IsType<InvalidJobListCommand>(CommandParser.Parse(text));

        Assert.StartsWith(reason, command.Reason, StringComparison.Ordinal);
        Assert.Contains("for example: jobs failed name train-", command.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_any_job_name_is_refused_without_repeating_it()
    {
        var longName = new string('x', 65);

        var command = Assert.IsType<InvalidJobListCommand>(CommandParser.Parse("jobs name " + longName));

        Assert.Contains("at most 64 characters", command.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(longName, command.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_message_is_not_read_as_a_filter()
    {
        var command = CommandParser.Parse("jobs failed name " + new string('a', CommandParser.MaxInputLength));

        Assert.IsType<InvalidJobListCommand>(command);
    }

    [Fact]
    public void A_rows_show_button_reads_back_as_showing_that_job() =>
        Assert.Equal(new ShowJobCommand("train-resnet50"), CommandParser.ParseAction("""{"action":"show","jobId":"train-resnet50"}"""));

    [Theory]
    [InlineData(JobListStatus.All, null, new[] { "a-1", "b-2", "c-3", "d-4", "e-5", "f-6" })]
    [InlineData(JobListStatus.Failed, null, new[] { "b-2", "d-4" })]
    [InlineData(JobListStatus.Running, null, new[] { "a-1", "b-2", "f-6" })]
    [InlineData(JobListStatus.Finished, null, new[] { "c-3", "d-4" })]
    [InlineData(JobListStatus.Failed, "B-", new[] { "b-2" })]
    [InlineData(JobListStatus.All, "x", new string[0])]
    public void Filter_matches_failed_nodes_status_and_the_start_of_the_name(JobListStatus status, string? prefix, string[] expected)
    {
        LiteServerJobSummary[] rows =
        [
            new() { Name = "a-1", Status = "PROCESSING", AbnormalCount = 0 },
            new() { Name = "b-2", Status = "processing", AbnormalCount = 3 },
            new() { Name = "c-3", Status = "FINISHED", AbnormalCount = null },
            new() { Name = "d-4", Status = "FINISHED", AbnormalCount = 1 },
            new() { Name = "e-5", Status = "DELETED", AbnormalCount = 0 },
            new() { Name = "f-6", Status = "PROCESSING" },
            new() { Name = null, Status = "PROCESSING", AbnormalCount = 2 },
        ];
        var filter = new JobListFilter(status, prefix);

        Assert.Equal(expected, rows.Where(filter.Matches).Select(r => r.Name).Where(n => n is not null));
    }

    [Theory]
    [InlineData(JobListStatus.All, null)]
    [InlineData(JobListStatus.Failed, null)]
    [InlineData(JobListStatus.Running, "PROCESSING")]
    [InlineData(JobListStatus.Finished, "FINISHED")]
    public void The_api_is_asked_for_the_status_it_can_filter_by_and_never_for_a_name(JobListStatus status, string? apiStatus)
    {
        var query = new JobListFilter(status, "train-").ApiQuery;

        Assert.Equal(new LiteServerJobQuery(Status: apiStatus), query);
    }
}
