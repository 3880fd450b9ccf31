using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

public sealed class JobChangeDetectorTests
{
    private const string DriverMismatch = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    private readonly JobChangeDetector _detector = new();

    [Fact]
    public void A_job_that_fails_in_waves_then_finishes_is_told_once_per_wave_and_once_at_the_end()
    {
        LiteServerJob[] polls =
        [
            Jobs.Make("PROCESSING", processing: 120),
            Jobs.Make("PROCESSING", succeeded: 40, processing: 80),
            Jobs.Make("PROCESSING", succeeded: 60, processing: 57, failed: [(DriverMismatch, 3)]),
            Jobs.Make("PROCESSING", succeeded: 70, processing: 47, failed: [(DriverMismatch, 3)]),
            Jobs.Make("PROCESSING", succeeded: 90, processing: 25, failed: [(DriverMismatch, 3), ("disk full on /var/log", 2)]),
            Jobs.Make("PROCESSING", succeeded: 100, processing: 15, failed: [(DriverMismatch, 3), ("disk full on /var/log", 2)]),
            Jobs.Make("FINISHED", succeeded: 115, failed: [(DriverMismatch, 3), ("disk full on /var/log", 2)]),
            Jobs.Make("FINISHED", succeeded: 115, failed: [(DriverMismatch, 3), ("disk full on /var/log", 2)]),
        ];

        var told = Told(polls);

        Assert.Equal(
        [
            $"🔴 3 new failed tasks on job nightly-driver-check: {DriverMismatch} on 3 servers",
            "🔴 2 more failed tasks on job nightly-driver-check (5 in all): new cause: disk full on /var/log on 2 servers",
            $"⚠️ Job nightly-driver-check finished with 5 failed tasks of 120: {DriverMismatch} on 3 servers; disk full on /var/log on 2 servers",
        ], told.Select(n => n.Text));
        Assert.Equal([JobNotificationKind.NewFailures, JobNotificationKind.NewFailures, JobNotificationKind.JobFinished],
            told.Select(n => n.Kind));
        Assert.Equal([false, false, true], told.Select(n => n.EndsWatch));
    }

    [Fact]
    public void News_is_measured_against_what_was_told_so_an_unsent_wave_is_told_in_full_later()
    {
        var told = JobSnapshot.From(Jobs.Make("PROCESSING", processing: 10));
        var threeFailed = Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]);
        var fiveFailed = Jobs.Make("PROCESSING", processing: 5, failed: [(DriverMismatch, 5)]);

        // The first news was not sent (the baseline stays), and by the next poll two more tasks had failed.
        Assert.NotNull(_detector.Detect(told, threeFailed));
        var news = _detector.Detect(told, fiveFailed);

        Assert.Equal($"🔴 5 new failed tasks on job nightly-driver-check: {DriverMismatch} on 5 servers", news!.Text);
    }

    [Fact]
    public void Nothing_new_is_no_news()
    {
        var job = Jobs.Make("PROCESSING", succeeded: 3, processing: 4, failed: [(DriverMismatch, 2)]);
        var progressed = Jobs.Make("PROCESSING", succeeded: 6, processing: 1, failed: [(DriverMismatch, 2)]);

        Assert.Null(_detector.Detect(JobSnapshot.From(job), job));
        Assert.Null(_detector.Detect(JobSnapshot.From(job), progressed));
        Assert.Null(_detector.Detect(null, Jobs.Make("PROCESSING", processing: 4)));
    }

    [Fact]
    public void Failures_without_tasks_are_counted_from_abnormal_count()
    {
        var noTasks = new LiteServerJob { Id = Jobs.Id, Name = Jobs.Name, Status = "PROCESSING", AbnormalCount = 4 };

        var news = _detector.Detect(JobSnapshot.From(new LiteServerJob { Id = Jobs.Id, Status = "PROCESSING", AbnormalCount = 1 }), noTasks);

        Assert.Equal("🔴 3 more failed tasks on job nightly-driver-check (4 in all)", news!.Text);
    }

    [Fact]
    public void Failed_tasks_are_the_truth_when_abnormal_count_disagrees()
    {
        var job = Jobs.Make("PROCESSING", processing: 5, failed: [(DriverMismatch, 2)]) with { AbnormalCount = 7 };

        Assert.Equal(2, JobSnapshot.From(job).FailedTasks);
        Assert.Equal($"🔴 2 new failed tasks on job nightly-driver-check: {DriverMismatch} on 2 servers", _detector.Detect(null, job)!.Text);
    }

    [Fact]
    public void Many_kinds_of_failure_show_the_three_most_frequent_and_count_the_rest()
    {
        var job = Jobs.Make("PROCESSING", processing: 1,
            failed: [("npu 3 offline", 1), (DriverMismatch, 4), ("disk full", 2), ("ssh timeout", 3), ("", 1)]);

        var news = _detector.Detect(null, job);

        Assert.Equal($"🔴 11 new failed tasks on job nightly-driver-check: {DriverMismatch} on 4 servers; ssh timeout on 3 servers; " +
                     "disk full on 2 servers; other errors on 2 servers", news!.Text);
    }

    [Fact]
    public void A_multi_line_message_is_grouped_by_its_lead_line_and_a_long_one_is_shortened_in_the_text()
    {
        var longLine = new string('x', 150);
        var job = Jobs.Make("PROCESSING", failed: [("  install failed:\nstep 3 of 9\n", 1), ("install   failed:\r\nstep 4", 1), (longLine, 1)]);

        var snapshot = JobSnapshot.From(job);
        var news = _detector.Detect(null, job);

        Assert.Equal(2, snapshot.FailuresWith("install failed:"));
        Assert.Equal(1, snapshot.FailuresWith(longLine));
        Assert.Equal($"🔴 3 new failed tasks on job nightly-driver-check: install failed: on 2 servers; {new string('x', 79)}… on 1 server",
            news!.Text);
    }

    [Fact]
    public void Failures_that_differ_only_in_numbers_are_told_as_one_cause_and_a_different_one_as_a_new_cause()
    {
        static (string, int)[] Ecc(int from, int to) =>
            [.. Enumerable.Range(from, to - from).Select(n => ($"ECC uncorrectable on NPU {n % 8}, code 0x{n * 37 + 11:x4}", 1))];
        var first = Jobs.Make("PROCESSING", failed: Ecc(0, 4));
        var spread = Jobs.Make("PROCESSING", failed: [.. Ecc(0, 7), ("RoCE link down on eth2", 1), ("RoCE link down on eth5", 1)]);

        var firstNews = _detector.Detect(null, first)!;
        var later = _detector.Detect(firstNews.Snapshot, spread)!;

        Assert.Equal("🔴 4 new failed tasks on job nightly-driver-check: ECC uncorrectable on NPU ‹n›, code ‹hex› on 4 servers", firstNews.Text);
        Assert.Equal("🔴 5 more failed tasks on job nightly-driver-check (9 in all): ECC uncorrectable on NPU ‹n›, code ‹hex› on 3 servers; " +
            "new cause: RoCE link down on eth‹n› on 2 servers", later.Text);
    }

    [Fact]
    public void A_failed_job_is_told_with_its_failures_and_ends_the_watch()
    {
        var told = JobSnapshot.From(Jobs.Make("PROCESSING", processing: 4, failed: [(DriverMismatch, 1)]));

        var news = _detector.Detect(told, Jobs.Make("FAILED", succeeded: 2, failed: [(DriverMismatch, 1), ("disk full", 1)]));

        Assert.Equal(JobNotificationKind.JobFailed, news!.Kind);
        Assert.True(news.EndsWatch);
        Assert.Equal($"❌ Job nightly-driver-check failed with 2 failed tasks of 4: disk full on 1 server; {DriverMismatch} on 1 server", news.Text);
    }

    [Theory]
    [InlineData("FINISHED", 120, 0, "✅ Job nightly-driver-check finished: all 120 tasks succeeded")]
    [InlineData("FINISHED", 1, 0, "✅ Job nightly-driver-check finished: its task succeeded")]
    [InlineData("FINISHED", 118, 2, "✅ Job nightly-driver-check finished: 118 of 120 tasks succeeded, 2 skipped")]
    [InlineData("finished", 0, 0, "✅ Job nightly-driver-check finished")]
    [InlineData("FAILED", 0, 0, "❌ Job nightly-driver-check failed")]
    [InlineData("DELETED", 3, 0, "🗑️ Job nightly-driver-check was deleted")]
    public void How_a_job_ended_is_said_in_one_line(string status, int succeeded, int skipped, string expected)
    {
        var news = _detector.Detect(JobSnapshot.From(Jobs.Make("PROCESSING", processing: 1)), Jobs.Make(status, succeeded: succeeded, skipped: skipped));

        Assert.Equal(expected, news!.Text);
        Assert.True(news.EndsWatch);
    }

    [Fact]
    public void Once_the_end_was_told_nothing_more_is()
    {
        var finished = Jobs.Make("FINISHED", succeeded: 3);

        Assert.Null(_detector.Detect(JobSnapshot.From(finished), finished));
    }

    [Fact]
    public void An_unknown_status_is_neither_an_end_nor_a_crash()
    {
        var job = Jobs.Make("PAUSED_FOR_MAINTENANCE", processing: 2, failed: [(DriverMismatch, 1)]);

        var news = _detector.Detect(null, job);

        Assert.Equal(JobNotificationKind.NewFailures, news!.Kind);
        Assert.False(news.EndsWatch);
        Assert.True(_detector.CanWatch(job, out _));
    }

    [Fact]
    public void A_job_is_named_by_its_name_or_else_its_id()
    {
        var unnamed = Jobs.Make("PROCESSING", failed: [(DriverMismatch, 1)], name: "  ");

        Assert.Equal($"🔴 1 new failed task on job {Jobs.Id}: {DriverMismatch} on 1 server", _detector.Detect(null, unnamed)!.Text);
    }

    [Theory]
    [InlineData("FINISHED", "✅ Job nightly-driver-check finished: all 2 tasks succeeded. Nothing to watch.")]
    [InlineData("FAILED", "❌ Job nightly-driver-check failed. Nothing to watch.")]
    [InlineData("DELETED", "🗑️ Job nightly-driver-check was deleted. Nothing to watch.")]
    public void A_job_that_already_ended_cannot_be_watched(string status, string expected)
    {
        Assert.False(_detector.CanWatch(Jobs.Make(status, succeeded: status == "FINISHED" ? 2 : 0), out var reason));
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData("PROCESSING")]
    [InlineData("ACTIVE")]
    public void A_running_job_can_be_watched(string status)
    {
        Assert.True(_detector.CanWatch(Jobs.Make(status, processing: 3), out var reason));
        Assert.Null(reason);
    }

    [Fact]
    public void A_job_that_vanished_or_an_old_watch_ends_with_a_notice()
    {
        var notFound = _detector.NotVisible(Jobs.Id, ModelArtsErrorKind.NotFound);
        var forbidden = _detector.NotVisible(Jobs.Id, ModelArtsErrorKind.Forbidden);
        var expired = _detector.Expired(Jobs.Id, TimeSpan.FromDays(7));

        Assert.Equal($"⚠️ Stopped watching job {Jobs.Id}: ModelArts no longer shows it (it was not found)", notFound.Text);
        Assert.Equal($"⚠️ Stopped watching job {Jobs.Id}: ModelArts no longer shows it (access to it is denied)", forbidden.Text);
        Assert.Equal($"⏱️ Stopped watching job {Jobs.Id} after 7 days; send \"watch {Jobs.Id}\" to keep watching it", expired.Text);
        Assert.All([notFound, forbidden, expired], n => Assert.True(n.EndsWatch));
        Assert.StartsWith("⏱️ Stopped watching job j after 36 hours;", _detector.Expired("j", TimeSpan.FromHours(36)).Text);
    }

    // What the poller does: tell the news, then remember it as told.
    private List<JobNotification> Told(IEnumerable<LiteServerJob> polls)
    {
        var told = new List<JobNotification>();
        JobSnapshot? lastNotified = null;
        foreach (var job in polls)
        {
            if (_detector.Detect(lastNotified, job) is { } news)
            {
                told.Add(news);
                lastNotified = news.Snapshot;
            }
        }
        return told;
    }
}
