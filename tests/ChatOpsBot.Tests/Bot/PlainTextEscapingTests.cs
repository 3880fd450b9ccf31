using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;

namespace ChatOpsBot.Tests.Bot;

/// <summary>
/// Text replies quote job names and failure messages from ModelArts; Teams reads text messages as Markdown, so they
/// are escaped: an underscore stays an underscore, and a job named like a link is not posted as one.
/// </summary>
public sealed class PlainTextEscapingTests
{
    [Fact]
    public async Task A_job_name_with_underscores_stays_literal_in_the_watch_reply()
    {
        await using var bot = await BotTestHost.StartAsync();
        bot.Simulator.Catalog.AddJob(Jobs.Make("PROCESSING", processing: 2, id: "escape-job-1", name: "nccl_all_reduce"));

        var replies = await bot.SendAsync(RecordedActivity.PersonalText("watch escape-job-1", bot.Connector.ServiceUrl));

        Assert.Equal(@"Watching nccl\_all\_reduce: I'll post here when its tasks start failing and when it ends.", replies[0].Text());
    }

    [Fact]
    public async Task A_job_named_like_a_link_and_its_failure_messages_are_not_markdown_in_the_ended_reply()
    {
        await using var bot = await BotTestHost.StartAsync();
        bot.Simulator.Catalog.AddJob(Jobs.Make("FAILED", succeeded: 1, failed: [("see <a href=x>log</a> for *details*", 2)],
            id: "escape-job-2", name: "[Re-authenticate](https://login.example.com/)"));

        var replies = await bot.SendAsync(RecordedActivity.PersonalText("watch escape-job-2", bot.Connector.ServiceUrl));

        var text = Assert.Single(replies).Text();
        Assert.Equal(
            @"❌ Job \[Re-authenticate\](https://login.example.com/) failed with 2 failed tasks of 3: see &lt;a href=x&gt;log&lt;/a&gt; for \*details\* on 2 servers. Nothing to watch.",
            text);
    }
}
