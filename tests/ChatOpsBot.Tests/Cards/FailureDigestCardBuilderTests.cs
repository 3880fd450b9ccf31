using ChatOpsBot.Cards;
using ChatOpsBot.Cards.Model;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Cards;

public sealed class FailureDigestCardBuilderTests
{
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 30, 9, 7, 0, TimeSpan.Zero);
    private readonly FailureDigestCardBuilder _builder = new();

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(40, false)]
    public void The_first_three_jobs_of_a_window_post_alone_and_from_the_fourth_the_digest_lists_them(int position, bool alone) =>
        Assert.Equal(alone, FailureDigestCardBuilder.PostsAlone(position));

    [Fact]
    public void Digest_lists_its_jobs_in_the_order_they_started_failing_with_a_preview_that_names_them()
    {
        var message = _builder.Build(SampleDigests.Burst(2), WindowStart, TimeSpan.FromMinutes(2));

        var texts = CardTexts.Of(message.Card);
        Assert.Equal("Burst: 5 jobs started failing within 2\u00A0min", texts[0]);
        Assert.Equal(
            "Since {{TIME(2026-11-30T09:07:00Z)}}. The first 3 have their own posts; tap a job below for its card.",
            texts[1]);
        Assert.Equal(["hdk-upgrade-pool-b-04", "● PROCESSING · 4 failed", "hdk-upgrade-pool-b-05", "● PROCESSING · 5 failed"], texts.Skip(2));
        Assert.Equal("🔴 2 more jobs are failing: hdk-upgrade-pool-b-04 and hdk-upgrade-pool-b-05", message.Summary);
        Assert.Equal(message.Summary, message.Card.FallbackText);
    }

    [Fact]
    public void Every_row_opens_its_jobs_card()
    {
        var rows = _builder.Build(SampleDigests.Burst(3), WindowStart, TimeSpan.FromMinutes(2)).Card.Body.OfType<Container>().Skip(1).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(
            [.. Enumerable.Range(4, 3).Select(n => new CardActionData(CardActions.Show, $"proj-hdk-upgrade-pool-b-0{n}"))],
            rows.Select(r => Assert.IsType<ActionSubmit>(r.SelectAction).Data));
    }

    [Fact]
    public void A_large_burst_shows_fifteen_rows_and_counts_the_rest()
    {
        var message = _builder.Build(SampleDigests.Burst(40), WindowStart, TimeSpan.FromSeconds(90));

        var texts = CardTexts.Of(message.Card);
        Assert.Equal("Burst: 43 jobs started failing within 90\u00A0s", texts[0]);
        Assert.Equal(15, message.Card.Body.OfType<Container>().Count(c => c.SelectAction is not null));
        Assert.Equal("and 25 more jobs — type jobs\u00A0failed for the latest", texts[^1]);
        Assert.Equal("🔴 40 more jobs are failing: hdk-upgrade-pool-b-04, hdk-upgrade-pool-b-05 and 38 more", message.Summary);
    }

    [Fact]
    public void One_job_in_the_digest_reads_in_the_singular_and_the_title_counts_the_whole_burst()
    {
        var message = _builder.Build(SampleDigests.Burst(1), WindowStart, TimeSpan.FromMinutes(2));

        Assert.Equal("Burst: 4 jobs started failing within 2\u00A0min", CardTexts.Of(message.Card)[0]);
        Assert.Equal("🔴 1 more job is failing: hdk-upgrade-pool-b-04", message.Summary);
    }

    [Fact]
    public void The_card_says_nothing_relative_to_now_since_it_stays_and_is_updated_in_place()
    {
        var json = _builder.Build(SampleDigests.Burst(5), WindowStart, TimeSpan.FromMinutes(2)).ToJson();

        Assert.DoesNotContain(" ago", json, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", json, StringComparison.Ordinal);
        Assert.Contains("{{TIME(2026-11-30T09:07:00Z)}}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_digest_is_a_mistake_of_the_caller() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _builder.Build([], WindowStart, TimeSpan.FromMinutes(2)));
}
