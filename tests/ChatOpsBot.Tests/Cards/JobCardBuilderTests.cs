using System.Text;
using System.Text.Json;
using ChatOpsBot.Cards;
using ChatOpsBot.Cards.Model;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Cards;

public sealed class JobCardBuilderTests
{
    private static readonly Uri Console = new("https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/x");

    [Fact]
    public void Seed_job_card_reads_status_name_summary_times_and_details_in_that_order()
    {
        var seed = SampleJobs.Seed();
        var message = Builder(seed.UpdatedAt!.Value + TimeSpan.FromMinutes(4)).Build(new JobCardView(seed, Console));

        Assert.Equal(
        [
            "FINISHED",
            "software-query",
            "0319470a-7fad-452e-bff0-d3ba3bd83955 · ASCEND_SOFTWARE_QUERY",
            "1 of 1 task succeeded",
            "Updated 4 min ago · {{DATE(2025-09-11T02:42:44Z, SHORT)}} {{TIME(2025-09-11T02:42:44Z)}}",
            "Created 4 min ago · {{DATE(2025-09-11T02:42:30Z, SHORT)}} {{TIME(2025-09-11T02:42:30Z)}}",
            "By modelarts_user · template 2b087a09-e90d-414c-9b15-ffec45e400e7",
            "Query Huawei Cloud AI software.",
            "HDK_QUERY",
        ], CardTexts.Of(message.Card));
        Assert.Equal("✅ software-query finished: 1 of 1 succeeded", message.Summary);
        var header = Assert.IsType<Container>(message.Card.Body[0]);
        Assert.Equal(ContainerStyle.Good, header.Style);
        Assert.Equal(TextColor.Good, StatusRun(message.Card).Color);
        Assert.Equal(TextSize.Large, StatusRun(message.Card).Size);
        Assert.Equal(TextWeight.Bolder, StatusRun(message.Card).Weight);
    }

    [Fact]
    public void Many_failures_are_grouped_by_cause_largest_first_with_an_example_of_each()
    {
        var message = Builder().Build(new JobCardView(SampleJobs.ManyFailures(), Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Equal("PROCESSING", texts[0]);
        Assert.Equal(TextColor.Attention, StatusRun(message.Card).Color);
        Assert.Contains("227 of 256 tasks failed · 20 succeeded · 6 running · 3 skipped", texts);
        Assert.Contains("Progress: 250 of 256 tasks done (98%)", texts);
        Assert.Equal("❌ driver-upgrade: 227 of 256 tasks failed", message.Summary);

        var failures = texts.SkipWhile(text => text != "Failed tasks by cause").ToList();
        Assert.Equal(
        [
            "Failed tasks by cause",
            // Every server of a cause had the same message: its values are shown, and no example repeats it.
            "130 servers: Driver mismatch: expected 24.1.0.3, found 23.0.6",
            "lite-a2-node-000, lite-a2-node-001, lite-a2-node-002, lite-a2-node-003, lite-a2-node-004, lite-a2-node-005, " +
            "lite-a2-node-006, lite-a2-node-007, lite-a2-node-008, lite-a2-node-009 +120 more",
            "60 servers: npu-smi: device 3 not responding",
            "lite-a2-node-130, lite-a2-node-131, lite-a2-node-132, lite-a2-node-133, lite-a2-node-134, lite-a2-node-135, " +
            "lite-a2-node-136, lite-a2-node-137, lite-a2-node-138, lite-a2-node-139 +50 more",
            "30 servers: Timed out after 600 s waiting for SSH",
            "lite-a2-node-190, lite-a2-node-191, lite-a2-node-192, lite-a2-node-193, lite-a2-node-194, lite-a2-node-195, " +
            "lite-a2-node-196, lite-a2-node-197, lite-a2-node-198, lite-a2-node-199 +20 more",
            "5 servers: (no message)",
            "lite-a2-node-220, lite-a2-node-221, lite-a2-node-222, lite-a2-node-223, lite-a2-node-224",
            // Ties go by cause key, a hash: the same order on every run.
            "1 server: Disk full on /var/log",
            "lite-a2-node-225",
            "1 server: Cannot mount /mnt/data",
            "lite-a2-node-226",
            "6 still running: lite-a2-node-247, lite-a2-node-248, lite-a2-node-249, lite-a2-node-250, lite-a2-node-251 +1 more",
            "3 skipped: lite-a2-node-253, lite-a2-node-254, lite-a2-node-255",
        ], failures);
    }

    [Fact]
    public void Running_job_shows_progress_and_the_failures_so_far()
    {
        var message = Builder().Build(new JobCardView(SampleJobs.Running(), Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Equal("3 of 120 tasks failed · 100 succeeded · 17 running", texts[3]);
        Assert.Equal("Progress: 103 of 120 tasks done (86%)", texts[4]);
        Assert.Equal("█████████████████░░░", texts[5]);
        Assert.Contains("Updated 4 min ago · {{DATE(2026-11-29T10:42:00Z, SHORT)}} {{TIME(2026-11-29T10:42:00Z)}}", texts);
        Assert.Contains("Created 2 h ago · {{DATE(2026-11-29T08:46:00Z, SHORT)}} {{TIME(2026-11-29T08:46:00Z)}}", texts);
        Assert.Contains("3 servers: npu-smi: device 3 not responding", texts);
        Assert.Equal("❌ nightly-health-check: 3 of 120 tasks failed", message.Summary);
    }

    [Fact]
    public void Running_job_without_failures_says_how_far_it_is()
    {
        var job = SampleJobs.Job("warm-up", "ACTIVE",
            Enumerable.Range(0, 4).Select(i => SampleJobs.Task(i, i == 0 ? "SUCCESS" : "PROCESSING", null)).ToList());
        var message = Builder().Build(new JobCardView(job, Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Equal("1 of 4 tasks succeeded · 3 running", texts[3]);
        Assert.Equal("Progress: 1 of 4 tasks done (25%)", texts[4]);
        Assert.Equal(TextColor.Warning, StatusRun(message.Card).Color);
        Assert.Equal("⏳ warm-up: 1 of 4 tasks done", message.Summary);
    }

    [Fact]
    public void Unknown_status_is_shown_as_sent_in_warning_colour()
    {
        var message = Builder().Build(new JobCardView(SampleJobs.UnknownStatus(), Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Equal("QUEUED_FOR_MAINTENANCE", texts[0]);
        Assert.Equal(TextColor.Warning, StatusRun(message.Card).Color);
        Assert.Equal("2 tasks: 2 in another status", texts[3]);
        Assert.DoesNotContain(texts, text => text.StartsWith("Progress", StringComparison.Ordinal));
        Assert.Equal("ℹ️ log-collect: QUEUED_FOR_MAINTENANCE", message.Summary);
    }

    [Fact]
    public void Ten_thousand_messages_that_differ_only_in_numbers_are_one_cause_with_the_range_seen()
    {
        var message = Builder().Build(new JobCardView(SampleJobs.TenThousandDistinctFailures(), Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Contains("10,000 of 10,000 tasks failed", texts);
        var cause = Assert.Single(texts, text => text.Contains(" servers: ", StringComparison.Ordinal));
        Assert.Equal("10,000 servers: Checksum mismatch in shard ‹n›: expected ‹hex›, found ‹hex›; see /var/log/ascend/audit-‹n›.log (n = 0–9,999)", cause);
        Assert.Contains(texts, text => text.StartsWith("e.g. Checksum mismatch in shard 000", StringComparison.Ordinal) && text.EndsWith(".log", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains("more failed tasks", StringComparison.Ordinal));
        Assert.InRange(Encoding.UTF8.GetByteCount(message.ToJson()), 1, 24 * 1024);
    }

    [Fact]
    public void Failures_that_differ_only_in_numbers_read_as_two_causes_with_the_devices_seen()
    {
        var message = Builder().Build(new JobCardView(SampleJobs.NumbersOnlyFailures(), Console));
        var texts = CardTexts.Of(message.Card);

        var failures = texts.SkipWhile(text => text != "Failed tasks by cause").Skip(1).ToList();
        Assert.Equal("900 servers: npu-smi: ECC uncorrectable error on NPU ‹n›, code ‹hex› (n = 0–7)", failures[0]);
        Assert.StartsWith("lite-a2-node-000, lite-a2-node-001,", failures[1], StringComparison.Ordinal);
        Assert.EndsWith("+890 more", failures[1], StringComparison.Ordinal);
        Assert.StartsWith("e.g. [2026-11-29 10:", failures[2], StringComparison.Ordinal);
        Assert.Equal("60 servers: hccn_tool: RoCE link down on eth‹n› (n = 0–7)", failures[3]);
        Assert.DoesNotContain(texts, text => text.Contains("more failed tasks", StringComparison.Ordinal));
    }

    [Fact]
    public void The_simulators_fleet_check_reads_as_its_22_causes_largest_first()
    {
        var job = ChatOpsBot.Simulator.FixtureJobs.FleetCheck(SampleJobs.Now);
        var texts = CardTexts.Of(Builder().Build(new JobCardView(job, Console)).Card);

        var causes = texts.Where(text => text.Contains(" servers: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, causes.Count);
        Assert.StartsWith("300 servers: npu-smi: ECC uncorrectable error detected on NPU ‹n› (chip ‹n›), error code ‹hex›", causes[0], StringComparison.Ordinal);
        Assert.Contains("(n = 0–7, n = 0–1)", causes[0], StringComparison.Ordinal);
        Assert.StartsWith("120 servers: hccn_tool -i ‹n› -link -g: link status DOWN on eth‹n›", causes[1], StringComparison.Ordinal);
        Assert.Contains(texts, text => text.StartsWith("and ", StringComparison.Ordinal) && text.EndsWith("with 14 other causes — open the console", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hostile_job_stays_within_budget_and_still_accounts_for_every_failed_task()
    {
        var job = SampleJobs.Hostile();
        var message = Builder().Build(new JobCardView(job, Console, WatchButton.Watch));
        var json = message.ToJson();
        var texts = CardTexts.Of(message.Card);

        Assert.InRange(Encoding.UTF8.GetByteCount(json), 1, 24 * 1024);
        Assert.Equal(AdaptiveCardSerializer.Utf8Length(message.Card), Encoding.UTF8.GetByteCount(json));
        var failed = job.Tasks.Count(task => task.Status == "FAILED");
        var shown = texts.Where(text => text.Contains(" servers: ", StringComparison.Ordinal))
            .Sum(text => int.Parse(text[..text.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(shown, 1, failed);
        Assert.Equal(failed, shown + MoreFailed(texts));
        // The id is not a valid job id, so no button may send it back; the console link stays.
        var action = Assert.Single(message.Card.Actions!);
        Assert.IsType<ActionOpenUrl>(action);
        Assert.All(texts, text => Assert.True(text.Length <= 2_000, $"{text.Length} characters in one block"));
    }

    [Theory]
    [InlineData(WatchButton.Hidden, new[] { "Refresh", "Console" })]
    [InlineData(WatchButton.Watch, new[] { "Refresh", "Watch", "Console" })]
    [InlineData(WatchButton.Unwatch, new[] { "Refresh", "Unwatch", "Console" })]
    public void Buttons_are_refresh_watch_or_unwatch_and_the_console_link(WatchButton watch, string[] titles)
    {
        var message = Builder().Build(new JobCardView(SampleJobs.Seed(), Console, watch));

        Assert.Equal(titles, message.Card.Actions!.Select(action => action.Title));
        using var json = JsonDocument.Parse(message.ToJson());
        var actions = json.RootElement.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal("Action.Submit", actions[0].GetProperty("type").GetString());
        Assert.Equal("""{"action":"refresh","jobId":"0319470a-7fad-452e-bff0-d3ba3bd83955"}""", actions[0].GetProperty("data").GetRawText());
        if (watch != WatchButton.Hidden)
        {
            var verb = watch == WatchButton.Watch ? "watch" : "unwatch";
            Assert.Equal($$"""{"action":"{{verb}}","jobId":"0319470a-7fad-452e-bff0-d3ba3bd83955"}""", actions[1].GetProperty("data").GetRawText());
        }
        Assert.Equal("Action.OpenUrl", actions[^1].GetProperty("type").GetString());
        Assert.Equal(Console.AbsoluteUri, actions[^1].GetProperty("url").GetString());
    }

    [Fact]
    public void An_empty_job_says_no_tasks_yet_and_never_crashes()
    {
        var message = Builder().Build(new JobCardView(new LiteServerJob(), Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Equal(["NO STATUS", "Unnamed job", "No tasks yet"], texts);
        Assert.Equal("ℹ️ Unnamed job: NO STATUS", message.Summary);
    }

    [Fact]
    public void Abnormal_count_tells_of_failures_when_the_tasks_are_missing()
    {
        var job = SampleJobs.Job("reboot", "FAILED", []) with { AbnormalCount = 3 };
        var message = Builder().Build(new JobCardView(job, Console));
        var texts = CardTexts.Of(message.Card);

        Assert.Equal("3 servers failed (ModelArts sent no task details)", texts[3]);
        Assert.Contains("ModelArts counts 3 failed servers but sent no task details — open the console.", texts);
        Assert.Equal(TextColor.Attention, StatusRun(message.Card).Color);
        Assert.Equal("❌ reboot: 3 servers failed", message.Summary);
    }

    [Fact]
    public void Failed_job_status_is_attention_even_without_failed_tasks()
    {
        var job = SampleJobs.Job("reboot", "FAILED", [SampleJobs.Task(0, "SUCCESS", null)]);
        var message = Builder().Build(new JobCardView(job, Console));

        Assert.Equal(TextColor.Attention, StatusRun(message.Card).Color);
        Assert.Equal("❌ reboot failed", message.Summary);
    }

    [Fact]
    public void Text_from_the_api_is_never_markdown_and_loses_control_and_direction_characters()
    {
        var job = SampleJobs.Job("**urgent** [click](https://evil.example) _a_b_\u0000\u202Eok\r\nend", "FAILED",
            [SampleJobs.Task(0, "FAILED", "1. see [docs](https://evil.example) **now**\u0007")]);
        var message = Builder().Build(new JobCardView(job, Console));
        var json = message.ToJson();

        var blocks = Flatten(message.Card.Body).OfType<TextBlock>().Select(block => block.Text).ToList();
        Assert.DoesNotContain(blocks, text => text.Contains("evil", StringComparison.Ordinal));
        Assert.Contains("**urgent** [click](https://evil.example) _a_b_ ok end", CardTexts.Of(message.Card));
        Assert.Contains("1 server: 1. see [docs](https://evil.example) **now**", CardTexts.Of(message.Card));
        Assert.DoesNotContain("\\u0000", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u202E", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u0007", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_unbroken_token_gets_break_opportunities_so_a_phone_can_wrap_it()
    {
        var path = "/usr/local/Ascend/driver/lib64/driver/libdrvdsmi_host_with_a_very_long_name.so";
        var job = SampleJobs.Job("paths", "FAILED", [SampleJobs.Task(0, "FAILED", path)]);
        var message = Builder().Build(new JobCardView(job, Console));
        var run = Flatten(message.Card.Body).OfType<RichTextBlock>().SelectMany(block => block.Inlines)
            .Single(inline => inline.Text.Replace("\u200B", "", StringComparison.Ordinal) == path);

        Assert.All(run.Text.Split('\u200B'), piece => Assert.InRange(piece.Length, 1, 32));
    }

    [Fact]
    public void Items_show_type_and_a_few_spec_entries_compactly()
    {
        var job = SampleJobs.Job("collect", "FINISHED", []) with
        {
            Items =
            [
                new LiteServerJobItem
                {
                    Type = "DEVICE_LOG_COLLECT",
                    Spec = new Dictionary<string, string> { ["b"] = "2", ["a"] = new string('v', 100), ["c"] = "3", ["d"] = "4", ["e"] = "5", ["f"] = "6" },
                },
                new LiteServerJobItem { Type = "A" }, new LiteServerJobItem { Type = "B" }, new LiteServerJobItem { Type = "C" },
                new LiteServerJobItem { Type = "D" },
            ],
        };
        var texts = CardTexts.Of(Builder().Build(new JobCardView(job, Console)).Card);

        Assert.Contains($"DEVICE_LOG_COLLECT: a={new string('v', 59)}…, b=2, c=3, d=4 +2 more", texts);
        Assert.Contains("+2 more items", texts);
        Assert.DoesNotContain("C", texts);
    }

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "59 min ago")]
    [InlineData(60 * 47, "47 h ago")]
    [InlineData(60 * 24 * 9, "9 days ago")]
    public void Updated_time_is_relative_and_in_the_readers_own_zone(int minutesAgo, string ago)
    {
        var job = SampleJobs.Job("x", "FINISHED", []) with { UpdatedAt = SampleJobs.Now - TimeSpan.FromMinutes(minutesAgo) };
        var texts = CardTexts.Of(Builder().Build(new JobCardView(job, Console)).Card);

        var stamp = (SampleJobs.Now - TimeSpan.FromMinutes(minutesAgo)).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Updated {ago} · {{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}", texts);
    }

    [Fact]
    public void A_time_ahead_of_the_clock_shows_only_the_time()
    {
        var job = SampleJobs.Job("x", "FINISHED", []) with { UpdatedAt = SampleJobs.Now + TimeSpan.FromHours(1) };
        var texts = CardTexts.Of(Builder().Build(new JobCardView(job, Console)).Card);

        Assert.Contains("Updated {{DATE(2026-11-29T11:46:00Z, SHORT)}} {{TIME(2026-11-29T11:46:00Z)}}", texts);
    }

    // "and 5,000 more failed tasks with 4 other causes — open the console" → 5,000; no such line → 0.
    private static int MoreFailed(List<string> texts) =>
        texts.FirstOrDefault(text => text.StartsWith("and ", StringComparison.Ordinal)) is { } more
            ? int.Parse(more.Split(' ')[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static JobCardBuilder Builder(DateTimeOffset? now = null) => new(new FakeTimeProvider(now ?? SampleJobs.Now));

    private static TextRun StatusRun(AdaptiveCard card) =>
        Assert.IsType<RichTextBlock>(Assert.IsType<Container>(card.Body[0]).Items[0]).Inlines[0];

    private static IEnumerable<CardElement> Flatten(IEnumerable<CardElement> elements) =>
        elements.SelectMany(element => element is Container container ? Flatten(container.Items).Prepend(element) : [element]);
}
