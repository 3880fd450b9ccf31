using ChatOpsBot.Cards;
using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Cards;

public sealed class JobListCardBuilderTests
{
    private readonly JobListCardBuilder _builder = new(new FakeTimeProvider(SampleJobLists.Now));

    [Fact]
    public void Rows_are_the_ten_most_recently_updated_with_status_failures_and_age()
    {
        var card = _builder.Build(new JobListFilter(), SampleJobLists.Busy()).Card;

        var rows = Rows(card);
        Assert.Equal(10, rows.Count);
        Assert.Equal(
            ["train-llama-shard-01", "hdk-upgrade-" + new string('x', 108), "train-llama-shard-03", "job-04", "train-llama-shard-05"],
            rows.Take(5).Select(r => Text(r.Items[0])));
        Assert.Equal("● PROCESSING · 0 failed · updated 1 min ago", Text(rows[0].Items[1]));
        Assert.Equal("● PROCESSING · 21 failed · updated 3 min ago", Text(rows[2].Items[1]));
        Assert.Equal("● FINISHED · 0 failed · updated 5 min ago", Text(rows[4].Items[1]));
        Assert.Equal("● DELETED · 0 failed · updated 7 min ago", Text(rows[6].Items[1]));
        Assert.Equal("● FAILED · 1,204 failed · updated 9 min ago", Text(rows[8].Items[1]));
    }

    [Fact]
    public void Status_colour_says_failing_running_finished_at_a_glance()
    {
        var rows = Rows(_builder.Build(new JobListFilter(), SampleJobLists.Busy()).Card);

        TextColor? Colour(int row) => ((RichTextBlock)rows[row].Items[1]).Inlines[0].Color;
        Assert.Equal(TextColor.Accent, Colour(0));
        Assert.Equal(TextColor.Attention, Colour(2));
        Assert.Equal(TextColor.Good, Colour(4));
        Assert.Null(Colour(6));
        Assert.Equal(TextColor.Attention, Colour(8));
        Assert.Equal(TextColor.Attention, ((RichTextBlock)rows[2].Items[1]).Inlines[1].Color);
    }

    [Fact]
    public void Tapping_a_row_sends_the_show_action_with_its_job_id()
    {
        var rows = Rows(_builder.Build(new JobListFilter(), SampleJobLists.Busy()).Card);

        var submit = Assert.IsType<ActionSubmit>(rows[2].SelectAction);
        Assert.Equal(new CardActionData("show", "job-03"), submit.Data);
        Assert.Equal(new ShowJobCommand("job-03"), CommandParser.ParseAction(System.Text.Json.JsonSerializer.Serialize(submit.Data)));
        Assert.All(rows, row => Assert.NotNull(row.SelectAction));
    }

    [Fact]
    public void More_than_ten_says_how_many_more_and_how_to_narrow()
    {
        var message = _builder.Build(new JobListFilter(JobListStatus.Running), SampleJobLists.Busy());

        var texts = CardTexts.Of(message.Card);
        Assert.Equal("Running jobs", texts[0]);
        Assert.Equal("10 of 37, most recently updated first. Tap one for its card.", texts[1]);
        Assert.Equal("and 27 more — narrow with jobs\u00A0running\u00A0name\u00A0train-", texts[^1]);
        Assert.Equal("📋 Running jobs: 10 of 37 shown", message.Summary);
        Assert.Null(message.Card.Actions);
    }

    [Fact]
    public void A_short_list_names_the_filter_and_has_no_more_line()
    {
        var message = _builder.Build(new JobListFilter(JobListStatus.Failed, "train-bert"), SampleJobLists.FailedTrainBert());

        var texts = CardTexts.Of(message.Card);
        Assert.Equal("Jobs with failed nodes", texts[0]);
        Assert.Equal("Name starts with train-bert", texts[1]);
        Assert.Equal("2 jobs, most recently updated first. Tap one for its card.", texts[2]);
        Assert.Equal("● PROCESSING · 4 failed · updated 2 min ago", texts[4]);
        Assert.Equal("● FINISHED · 1 failed · updated 5 h ago", texts[^1]);
        Assert.Equal("📋 Jobs with failed nodes: 2 jobs", message.Summary);
    }

    [Fact]
    public void Text_from_the_api_goes_in_text_runs_never_read_as_markdown()
    {
        var rows = new List<LiteServerJobSummary>
        {
            new() { Id = "x", Name = "**bold** [link](https://evil.example) <at>x</at>", Status = "PROCESSING\n", UpdatedAt = SampleJobLists.Now },
        };

        var card = _builder.Build(new JobListFilter(), rows).Card;

        var row = Assert.Single(Rows(card));
        Assert.All(row.Items, item => Assert.IsType<RichTextBlock>(item));
        Assert.Equal("**bold** [link](https://evil.example) <at>x</at>", Text(row.Items[0]));
        Assert.Equal("● PROCESSING · 0 failed · updated just now", Text(row.Items[1]));
    }

    [Theory]
    [InlineData(JobListStatus.All, null, "The project has no jobs right now.")]
    [InlineData(JobListStatus.Failed, null, "No job of the project has failed nodes right now.")]
    [InlineData(JobListStatus.Running, "x", "No job of the project is running with a name that starts like that. Type jobs alone to see them all.")]
    [InlineData(JobListStatus.Finished, null, "No job of the project has finished right now.")]
    public void Nothing_matching_gets_a_clear_sentence(JobListStatus status, string? prefix, string expected) =>
        Assert.Equal(expected, JobListCardBuilder.NothingMatches(new JobListFilter(status, prefix)));

    private static List<Container> Rows(AdaptiveCard card) => [.. card.Body.OfType<Container>()];

    private static string Text(CardElement element) =>
        string.Concat(((RichTextBlock)element).Inlines.Select(run => run.Text)).Replace("\u200B", "", StringComparison.Ordinal);
}
