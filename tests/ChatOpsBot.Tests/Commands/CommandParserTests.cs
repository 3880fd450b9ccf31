using System.Text;
using ChatOpsBot.Commands;
using ChatOpsBot.Tests.Cards;

namespace ChatOpsBot.Tests.Commands;

public sealed class CommandParserTests
{
    private const string Id = "0319470a-7fad-452e-bff0-d3ba3bd83955";

    [Theory]
    [InlineData("job 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("jobs 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("status 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("JOB 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("Status: 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("/job 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("  job \t\t 0319470a-7fad-452e-bff0-d3ba3bd83955 \r\n")]
    [InlineData("job\n0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job 0319470a-7fad-452e-bff0-d3ba3bd83955.")]
    [InlineData("job 0319470a-7fad-452e-bff0-d3ba3bd83955,")]
    [InlineData("job 0319470a-7fad-452e-bff0-d3ba3bd83955?")]
    [InlineData("job \"0319470a-7fad-452e-bff0-d3ba3bd83955\"")]
    [InlineData("job '0319470a-7fad-452e-bff0-d3ba3bd83955'")]
    [InlineData("job `0319470a-7fad-452e-bff0-d3ba3bd83955`")]
    [InlineData("job ```0319470a-7fad-452e-bff0-d3ba3bd83955```")]
    [InlineData("job <0319470a-7fad-452e-bff0-d3ba3bd83955>")]
    [InlineData("job “0319470a-7fad-452e-bff0-d3ba3bd83955”.")]
    [InlineData("job \" 0319470a-7fad-452e-bff0-d3ba3bd83955 \"")]
    [InlineData("job id: 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job 0319470a-7fad-452e-bff0-d3ba3bd83955 please")]
    public void Typed_forms_of_job_show_the_job(string text) =>
        Assert.Equal(new ShowJobCommand(Id), CommandParser.Parse(text));

    [Theory]
    [InlineData("<at>Test Bot</at> status train-resnet50")]
    [InlineData("<at>Test Bot</at>&nbsp;status train-resnet50")]
    [InlineData("status train-resnet50 <at>Test Bot</at>")]
    [InlineData("status <at>Test Bot</at> train-resnet50")]
    [InlineData("<p><at>Test Bot</at> status train-resnet50</p>")]
    [InlineData("<div><div><at id=\"0\">Test Bot</at>&nbsp;status&nbsp;train-resnet50</div></div>")]
    [InlineData("<p>status<br>train-resnet50</p>")]
    [InlineData("<p>status <span style=\"color:red\">train-resnet50</span></p>")]
    [InlineData("<p>status train-<b>resnet50</b></p>")]
    [InlineData("status\u00A0train-resnet50")]
    [InlineData("status\u3000train-resnet50")]
    [InlineData("status train-\u200Bresnet50\u200B")]
    [InlineData("\uFEFFstatus train-resnet50")]
    [InlineData("status &lt;train-resnet50&gt;")]
    [InlineData("status &quot;train-resnet50&quot;")]
    [InlineData("<AT>Test Bot</AT> STATUS train-resnet50")]
    public void Teams_html_mentions_and_invisible_spaces_are_removed(string text) =>
        Assert.Equal(new ShowJobCommand("train-resnet50"), CommandParser.Parse(text));

    [Fact]
    public void Recorded_channel_and_personal_messages_parse_to_the_job()
    {
        // Texts exactly as the Agents Playground delivered them (TestData/activities).
        Assert.Equal(new ShowJobCommand("train-resnet50"), CommandParser.Parse(RecordedText("message-channel.json")));
        Assert.Equal(new ShowJobCommand("train-resnet50"), CommandParser.Parse(RecordedText("message-personal.json")));
    }

    [Theory]
    [InlineData("job https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955?tab=tasks")]
    [InlineData("job https://console.huaweicloud.com/modelarts/?region=cn-north-4#/dev-server/job/0319470a-7fad-452e-bff0-d3ba3bd83955/tasks")]
    [InlineData("job https://modelarts.ap-southeast-1.myhuaweicloud.cn/v1/0a1b2c/dev-servers/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job https://example.com/view?jobId=0319470a-7fad-452e-bff0-d3ba3bd83955&x=1")]
    [InlineData("job https://example.com/view?x=1&job_id=0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job https://console.huaweicloud.com/modelarts/#/dev-server/jobs?id=0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("job <https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955>.")]
    [InlineData("<p><at>Test Bot</at> job <a href=\"https://console.huaweicloud.com/modelarts/?region=ap-southeast-1&amp;locale=en-us#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955\">https://console.huaweicloud.com/modelarts/?region=ap-southeast-1&amp;locale=en-us#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955</a></p>")]
    public void A_pasted_console_or_api_link_gives_the_job_id(string text) =>
        Assert.Equal(new ShowJobCommand(Id), CommandParser.Parse(text));

    [Fact]
    public void A_percent_encoded_id_in_a_link_is_decoded() =>
        Assert.Equal(new ShowJobCommand("train-resnet50"),
            CommandParser.Parse("job https://example.com/#/dev-server/jobs/train%2Dresnet50"));

    [Theory]
    [InlineData("watch train-resnet50", "watch")]
    [InlineData("Watch `train-resnet50`.", "watch")]
    [InlineData("<at>Test Bot</at> watch train-resnet50", "watch")]
    [InlineData("unwatch train-resnet50", "unwatch")]
    [InlineData("UNWATCH \"train-resnet50\"", "unwatch")]
    public void Watch_and_unwatch_take_a_job_id(string text, string verb)
    {
        BotCommand expected = verb == "watch" ? new WatchJobCommand("train-resnet50") : new UnwatchJobCommand("train-resnet50");
        Assert.Equal(expected, CommandParser.Parse(text));
    }

    [Theory]
    [InlineData("watching")]
    [InlineData("Watching?")]
    [InlineData("<at>Test Bot</at> watching")]
    [InlineData("watches")]
    public void Watching_lists_the_watches(string text) =>
        Assert.Equal(new ListWatchesCommand(), CommandParser.Parse(text));

    [Theory]
    [InlineData("help")]
    [InlineData("Help!")]
    [InlineData("?")]
    [InlineData("hi")]
    [InlineData("Hello")]
    [InlineData("<at>Test Bot</at>")]
    [InlineData("<p><at>Test Bot</at>&nbsp;</p>")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Help_greetings_and_a_bare_mention_show_help(string? text) =>
        Assert.Equal(new HelpCommand(), CommandParser.Parse(text));

    [Theory]
    [InlineData("job", "job")]
    [InlineData("status", "status")]
    [InlineData("<at>Test Bot</at> watch", "watch")]
    [InlineData("unwatch ``", "unwatch")]
    [InlineData("job \"\"", "job")]
    [InlineData("job .", "job")]
    [InlineData("job '..'", "job")]
    public void A_verb_without_an_id_says_the_id_is_missing(string text, string verb) =>
        Assert.Equal(new MissingJobIdCommand(verb), CommandParser.Parse(text));

    [Theory]
    [InlineData("job https://example.com/#/dev-server/jobs/..")]
    [InlineData("job https://example.com/#/dev-server/jobs/a%20b")]
    [InlineData("job https://example.com/#/dev-server/jobs/a%01b")]
    [InlineData("job 0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("job https://example.com/nothing/here")]
    public void An_id_that_breaks_the_rule_is_invalid_with_a_reason_that_shows_what_an_id_looks_like(string text)
    {
        var invalid = Assert.IsType<InvalidJobIdCommand>(CommandParser.Parse(text));
        Assert.Equal("job", invalid.Verb);
        Assert.Contains("1–64 characters", invalid.Reason, StringComparison.Ordinal);
        Assert.Contains(Id, invalid.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_splits_words_so_the_id_before_it_is_read()
    {
        // Control characters are separators in a message, like whitespace.
        Assert.Equal(new ShowJobCommand("a"), CommandParser.Parse("job a\u0001b"));
    }

    [Fact]
    public void A_huge_id_is_refused_without_being_echoed()
    {
        var huge = new string('x', 100_000);
        var invalid = Assert.IsType<InvalidJobIdCommand>(CommandParser.Parse("job " + huge));
        Assert.DoesNotContain("xxxxxxxxxx", invalid.Reason, StringComparison.Ordinal);
        Assert.True(invalid.Reason.Length < 300);
    }

    [Fact]
    public void An_id_that_ends_where_a_long_message_is_cut_is_not_trusted()
    {
        var text = new string(' ', CommandParser.MaxInputLength - 10) + "job abcdefghijklmnopqrstuvwxyz";
        Assert.IsType<InvalidJobIdCommand>(CommandParser.Parse(text));
    }

    [Fact]
    public void A_command_at_the_start_of_a_very_long_message_is_still_read()
    {
        var text = "job train-resnet50 " + new string('z', 50_000);
        Assert.Equal(new ShowJobCommand("train-resnet50"), CommandParser.Parse(text));
    }

    [Theory]
    [InlineData("restart train-resnet50")]
    [InlineData("please show job train-resnet50")]
    [InlineData("<p>what is going on</p>")]
    [InlineData("jobtrain-resnet50")]
    public void Anything_else_is_unknown(string text) =>
        Assert.Equal(new UnknownCommand(), CommandParser.Parse(text));

    [Fact]
    public async Task Many_unclosed_tags_and_mentions_are_read_in_linear_time()
    {
        // 1.3 million characters: read in linear time this takes milliseconds; a parser that rescanned the rest of the
        // text at each unclosed tag would need hours. The minute is a limit only a quadratic parser reaches, not a
        // measure of speed (that is bench/'s business).
        var text = "job x " + string.Concat(Enumerable.Repeat("<at><p <span ", 100_000));

        var command = await Task.Run(() => CommandParser.Parse(text)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(new ShowJobCommand("x"), command);
    }

    [Fact]
    public void Random_text_never_throws_and_every_job_id_it_yields_passes_the_rule()
    {
        var random = new Random(20261129);
        string[] pieces =
        [
            "job ", "jobs ", "status ", "watch ", "unwatch ", "watching", "help", "<at>Test Bot</at>", "<p>", "</p>", "<br>",
            "<span a=\"b\">", "&nbsp;", "&amp;", "&lt;", "&gt;", "&#x1F600;", "&#0;", "\u00A0", "\u200B", "\t", "\n", "\"", "`",
            "'", ".", "..", ",", "<", ">", "https://console.huaweicloud.com/modelarts/?region=x#/dev-server/jobs/",
            "?jobId=", "&id=", "%00", "%2e%2e", "%", "\uD800", "\uDC00", "😀", "\u0001", "\u007F", "train-resnet50", Id,
        ];
        var shown = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder();
            var parts = random.Next(1, 12);
            for (var p = 0; p < parts; p++)
            {
                if (random.Next(3) == 0)
                {
                    for (var c = random.Next(1, 20); c > 0; c--)
                    {
                        text.Append((char)random.Next(0, 0x10000));
                    }
                }
                else
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }
            }
            var command = CommandParser.Parse(text.ToString());
            Assert.NotNull(command);
            if (command is ShowJobCommand show)
            {
                shown++;
                Assert.True(JobIdExpectation.IsAcceptable(show.JobId), $"'{show.JobId}' from '{text}'");
            }
            if (command is InvalidJobIdCommand invalid)
            {
                Assert.Contains(Id, invalid.Reason, StringComparison.Ordinal);
            }
        }
        Assert.True(shown > 100, $"only {shown} of the random texts read as a job command: the generator tests too little");
    }

    [Theory]
    [InlineData("{\"action\":\"refresh\",\"jobId\":\"train-resnet50\"}", "refresh")]
    [InlineData("{\"action\":\"watch\",\"jobId\":\"train-resnet50\"}", "watch")]
    [InlineData("{\"jobId\":\"train-resnet50\",\"action\":\"unwatch\",\"extra\":[1,2]}", "unwatch")]
    public void Card_button_data_reads_as_the_matching_command(string json, string action)
    {
        BotCommand expected = action switch
        {
            "refresh" => new RefreshJobCommand("train-resnet50"),
            "watch" => new WatchJobCommand("train-resnet50"),
            _ => new UnwatchJobCommand("train-resnet50"),
        };
        Assert.Equal(expected, CommandParser.ParseAction(json));
    }

    [Theory]
    [InlineData("{\"action\":\"restart\",\"jobId\":\"train-resnet50\"}")] // recorded message-action-submit-personal.json
    [InlineData("{\"action\":\"refresh\"}")]
    [InlineData("{\"action\":\"refresh\",\"jobId\":\"..\"}")]
    [InlineData("{\"action\":\"refresh\",\"jobId\":42}")]
    [InlineData("[1,2]")]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_card_data_is_unknown(string? json) =>
        Assert.Equal(new UnknownCommand(), CommandParser.ParseAction(json));

    private static string RecordedText(string file)
    {
        using var document = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(RepositoryPaths.TestData("activities", file)));
        return document.RootElement.GetProperty("activity").GetProperty("text").GetString()!;
    }
}
