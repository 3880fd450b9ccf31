using ChatOpsBot.Cards;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Tests.Cards;

public sealed class SmallCardsTests
{
    [Fact]
    public void Help_lists_every_command_with_an_example_and_the_mention_note()
    {
        var message = new HelpCardBuilder().Build();
        var texts = CardTexts.Of(message.Card);

        foreach (var command in new[] { "job ID", "watch ID", "unwatch ID", "watching", "help" })
        {
            Assert.Contains(texts, text => text.Replace('\u00A0', ' ').StartsWith(command + ": ", StringComparison.Ordinal));
        }
        Assert.Contains("For example: job 0319470a-7fad-452e-bff0-d3ba3bd83955", texts);
        Assert.Contains("In a channel or group chat, @mention the bot first.", texts);
        Assert.Null(message.Card.Actions);
    }

    [Fact]
    public void Welcome_greets_and_shows_the_same_commands()
    {
        var texts = CardTexts.Of(new WelcomeCardBuilder().Build().Card);

        Assert.StartsWith("Hi!", texts[0], StringComparison.Ordinal);
        Assert.Contains(texts, text => text.StartsWith("watch\u00A0ID: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Replies_to_unusable_commands_give_an_example_and_never_echo_the_input()
    {
        var invalid = CommandParser.Parse("watch " + new string('q', 500));
        var reply = CommandReplies.InvalidJobId(Assert.IsType<InvalidJobIdCommand>(invalid));
        Assert.Contains("watch followed by the job id", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("qqqq", reply, StringComparison.Ordinal);

        Assert.Equal(
            "Which job? Type unwatch followed by the job id, for example: unwatch 0319470a-7fad-452e-bff0-d3ba3bd83955. " +
            "Pasting the job's console link works too.",
            CommandReplies.MissingJobId(new MissingJobIdCommand("unwatch")));
        Assert.Contains("job ID, jobs, watch ID, unwatch ID, watching and help", CommandReplies.Unknown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Console_url_fills_region_and_job_id_escaped()
    {
        var urls = new ConsoleUrls(new CardOptions(), "ap-southeast-1");

        Assert.Equal("https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955",
            urls.ForJob("0319470a-7fad-452e-bff0-d3ba3bd83955").AbsoluteUri);
        Assert.Equal("https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/a%2Fb%20c",
            urls.ForJob("a/b c").AbsoluteUri);
    }

    [Fact]
    public void Console_url_template_is_configurable()
    {
        var urls = new ConsoleUrls(new CardOptions { ConsoleJobUrlTemplate = "https://console.example.com/jobs/{jobId}?r={region}" }, "cn-north-4");
        Assert.Equal("https://console.example.com/jobs/x?r=cn-north-4", urls.ForJob("x").AbsoluteUri);
    }

    [Theory]
    [InlineData("https://console.example.com/jobs", "cn-north-4")]
    [InlineData("not a url {jobId}", "cn-north-4")]
    [InlineData("ftp://console.example.com/{jobId}", "cn-north-4")]
    [InlineData("https://console.example.com/{region}/{jobId}", "")]
    public void A_bad_console_url_template_fails_at_start(string template, string region) =>
        Assert.Throws<ArgumentException>(() => new ConsoleUrls(new CardOptions { ConsoleJobUrlTemplate = template }, region));

    [Fact]
    public void A_job_id_with_a_broken_character_still_makes_a_link() =>
        Assert.StartsWith("https://console.huaweicloud.com/", new ConsoleUrls(new CardOptions(), "cn-north-4").ForJob("a\uD800b").AbsoluteUri,
            StringComparison.Ordinal);
}
