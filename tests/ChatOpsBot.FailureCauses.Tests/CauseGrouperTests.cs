using System.Globalization;

namespace ChatOpsBot.FailureCauses.Tests;

public sealed class CauseGrouperTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    private static string Ecc(int i) => string.Create(CultureInfo.InvariantCulture,
        $"[2026-11-{1 + (i % 28):00} 10:{i % 60:00}:07] ECC uncorrectable on NPU {i % 8}, code 0x{i * 7919 % 65536:x4}");

    [Fact]
    public void Messages_that_differ_only_in_numbers_codes_and_timestamps_are_one_cause_with_the_values_seen()
    {
        var grouping = Group(Enumerable.Range(0, 900).Select(Ecc));

        var cause = Assert.Single(grouping.Causes);
        // The leading timestamp is left out of the text shown (not out of the key, nor the example).
        Assert.Equal("ECC uncorrectable on NPU ‹n›, code ‹hex›", cause.Template);
        Assert.Equal(900, cause.Count);
        Assert.Contains("n = 0–7", cause.Variables.Select(variable => variable.Text));
        Assert.StartsWith("[2026-11-", cause.Example, StringComparison.Ordinal);
        Assert.Equal(["srv-0", "srv-1", "srv-2", "srv-3", "srv-4", "srv-5", "srv-6", "srv-7", "srv-8", "srv-9"], cause.Servers);
    }

    [Fact]
    public void Devices_addresses_ports_uuids_and_paths_with_numbers_are_masked()
    {
        var grouping = Group(
        [
            "RoCE link down on eth0 (192.168.1.17:4791), job 0319470a-7fad-452e-bff0-d3ba3bd83955, see /var/log/npu/device-3.log",
            "RoCE link down on eth7 (10.0.0.2:4791), job 7d2f0c1e-5b8a-4c3d-9e6f-1a2b3c4d5e6f, see /var/log/npu/device-12.log",
            "RoCE link down on eth3 (fe80::1:4791), job 2b087a09-e90d-414c-9b15-ffec45e400e7, see /var/log/npu/device-0.log",
        ]);

        var cause = Assert.Single(grouping.Causes);
        Assert.StartsWith("RoCE link down on eth‹n› (", cause.Template, StringComparison.Ordinal);
        Assert.EndsWith("job ‹id›, see /var/log/npu/device-‹n›.log", cause.Template, StringComparison.Ordinal);
        Assert.Contains("n = 0–7", cause.Variables.Select(variable => variable.Text));
    }

    [Fact]
    public void Different_failures_are_different_causes_largest_first()
    {
        var grouping = Group(
        [
            .. Enumerable.Range(0, 5).Select(i => $"npu-smi: device {i} not responding"),
            .. Enumerable.Range(0, 3).Select(i => $"ssh: connect to host 10.0.0.{i} port 22: Connection timed out"),
            "driver version mismatch: expected 24.1.0, found 23.0.6",
        ]);

        // A masked part with one value in all of a cause's messages shows the value: port 22, the versions.
        Assert.Equal(["npu-smi: device ‹n› not responding", "ssh: connect to host ‹ip› port 22: Connection timed out",
            "driver version mismatch: expected 24.1.0, found 23.0.6"], grouping.Causes.Select(cause => cause.Template));
        Assert.Equal([5, 3, 1], grouping.Causes.Select(cause => cause.Count));
    }

    [Fact]
    public void Words_that_take_many_values_merge_and_words_that_take_few_keep_causes_apart()
    {
        var grouping = Group(
        [
            .. Users.Select(user => $"Invalid user {user} from 10.1.2.3"),
            "Starting TrustedInstaller initialization.",
            "Ending TrustedInstaller initialization.",
        ]);

        Assert.Contains(grouping.Causes, cause => cause.Template == "Invalid user ‹*› from 10.1.2.3" && cause.Count == 5);
        Assert.Contains(grouping.Causes, cause => cause.Template == "Starting TrustedInstaller initialization." && cause.Count == 1);
        Assert.Contains(grouping.Causes, cause => cause.Template == "Ending TrustedInstaller initialization." && cause.Count == 1);
        Assert.Equal("*: 5 values", grouping.Causes[0].Variables[0].Text);
    }

    [Fact]
    public void One_event_whose_messages_have_different_lengths_is_one_cause()
    {
        string[] messages =
        [
            "proxy.example.net:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01",
            "proxy.example.net:5070 close, 403 bytes sent, 426 bytes received, lifetime <1 sec",
            "proxy.example.net:5070 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec",
            "10.0.0.7:443 close, 1190 bytes (1.16 KB) sent, 4399 bytes (4.29 KB) received, lifetime 00:02",
            "proxy.example.net:5070 open through proxy proxy.example.net:5070 HTTPS",
        ];

        var grouping = Group(messages);
        var reversed = Group(messages.Reverse());

        Assert.Equal([4, 1], grouping.Causes.Select(cause => cause.Count));
        Assert.Same(grouping.CauseOf(0), grouping.CauseOf(3));
        Assert.Equal(grouping.Causes.Select(cause => cause.Key), reversed.Causes.Select(cause => cause.Key));
    }

    [Fact]
    public void A_word_with_digits_beside_a_plain_word_keeps_causes_apart()
    {
        var grouping = Group(
        [
            .. Enumerable.Range(0, 6).Select(i => $"10.0.0.{i}:22 open through proxy proxy.example.net:5070 HTTPS"),
            .. Enumerable.Range(0, 2).Select(i => $"10.0.1.{i}:22 open through proxy socks.example.net:5070 SOCKS5"),
        ]);

        Assert.Equal(["‹ip›:22 open through proxy proxy.example.net:5070 HTTPS", "‹ip›:22 open through proxy socks.example.net:5070 SOCKS5"],
            grouping.Causes.Select(cause => cause.Template));
    }

    [Fact]
    public void A_four_part_driver_version_reads_as_its_value_or_a_number_not_an_address()
    {
        var grouping = Group(
        [
            .. Enumerable.Range(0, 4).Select(i => $"driver version mismatch on NPU {i}: expected 24.1.0.3, found 23.0.3.1"),
            .. Enumerable.Range(0, 4).Select(i => $"firmware version mismatch on NPU {i}: expected 7.5.0.5, found 7.3.{i}.1"),
        ]);

        Assert.Equal(["driver version mismatch on NPU ‹n›: expected 24.1.0.3, found 23.0.3.1",
            "firmware version mismatch on NPU ‹n›: expected 7.5.0.5, found ‹n›"], grouping.Causes.Select(cause => cause.Template));
    }

    [Fact]
    public void The_same_messages_in_any_order_give_the_same_causes_keys_and_examples()
    {
        var messages = Enumerable.Range(0, 300).Select(i => (i % 3) switch
        {
            0 => Ecc(i),
            1 => $"hccn_tool -i {i % 8} -link -g: link status DOWN on eth{i % 8}",
            _ => $"Invalid user u{i % 17}x from 10.0.{i % 200}.1",
        }).ToList();
        var shuffled = messages.OrderBy(message => StableOrder(message)).ToList();

        var first = Group(messages);
        var second = Group(shuffled);

        Assert.Equal(Describe(first), Describe(second));
        for (var i = 0; i < messages.Count; i++)
        {
            Assert.Equal(first.CauseOf(i).Key, second.CauseOf(shuffled.IndexOf(messages[i])).Key);
        }
    }

    [Fact]
    public void A_cause_that_grows_keeps_its_key_and_new_news_gets_a_new_one()
    {
        var before = Group(Enumerable.Range(0, 12).Select(i => $"RoCE link down on eth{i % 4}"));
        var after = Group(
        [
            .. Enumerable.Range(0, 20).Select(i => $"RoCE link down on eth{i % 8}"),
            "HBM memory check failed on device 3: 12 bad pages isolated",
        ]);

        var grown = Assert.Single(after.Causes, cause => cause.Count == 20);
        Assert.Equal(Assert.Single(before.Causes).Key, grown.Key);
        Assert.DoesNotContain(before.Causes, cause => cause.Key == after.Causes[1].Key);
    }

    [Fact]
    public void Keys_are_the_same_in_every_process_and_after_a_restart()
    {
        // Written down once: a key that changed between runs would make every notification call old news new.
        var grouping = Group(["RoCE link down on eth3", "ECC uncorrectable on NPU 5"]);

        Assert.Equal("9e10d7ca8b3f06b3", grouping.Causes.Single(cause => cause.Template == "RoCE link down on eth3").Key);
        Assert.Equal("018043f1a698ce42", grouping.Causes.Single(cause => cause.Template == "ECC uncorrectable on NPU 5").Key);
    }

    [Fact]
    public void A_python_traceback_leads_with_its_exception_line_and_keeps_the_rest_in_the_example()
    {
        static string Traceback(int line, int rank) => string.Create(CultureInfo.InvariantCulture,
            $"Traceback (most recent call last):\n  File \"/opt/check.py\", line {line}, in <module>\n    main()\nRuntimeError: HCCL init failed on rank {rank}\n");
        var grouping = Group([Traceback(10, 3), Traceback(42, 17), Traceback(10, 200)]);

        var cause = Assert.Single(grouping.Causes);
        Assert.Equal("RuntimeError: HCCL init failed on rank ‹n›", cause.Template);
        Assert.Contains("File \"/opt/check.py\"", cause.Example, StringComparison.Ordinal);
        Assert.Equal("n = 3–200", cause.Variables.Single().Text);
    }

    [Fact]
    public void A_multi_line_message_leads_with_its_first_line_with_text()
    {
        var grouping = Group(["\n  \nDisk full on /dev/sda1\nused 100%\n", "Disk full on /dev/sda2\nused 99%"]);

        Assert.Equal("Disk full on /dev/sda‹n›", Assert.Single(grouping.Causes).Template);
    }

    [Fact]
    public void Chinese_messages_without_spaces_group_by_cause()
    {
        var grouping = Group(
        [
            .. Enumerable.Range(0, 6).Select(i => $"NPU {i} 温度过高：{96 + i}°C，超过阈值 95°C"),
            .. Enumerable.Range(0, 4).Select(i => $"节点 lite-a2-node-{i:000} 网络不可达，请检查交换机端口 {i + 1}"),
            "驱动安装失败，错误码 507",
        ]);

        Assert.Equal(["NPU ‹n› 温度过高：‹n›°C，超过阈值 95°C", "节点 lite-a‹n›-node-‹n› 网络不可达，请检查交换机端口 ‹n›", "驱动安装失败，错误码 507"],
            grouping.Causes.Select(cause => cause.Template));
    }

    [Fact]
    public void A_request_with_a_query_is_the_same_cause_as_one_without()
    {
        var grouping = Group(
        [
            .. Enumerable.Range(0, 6).Select(i =>
                $"10.11.10.{i} \"GET /v2/{i}4fadb412c4e40cd/servers/detail HTTP/1.1\" status: 200 len: 18{i}3 time: 0.2{i}7"),
            "10.11.10.1 \"GET /v2/e9746973ac574c6b/servers/detail?all_tenants=True&changes-since=2017-05-16T05 HTTP/1.1\" status: 200 len: 1893 time: 0.24",
        ]);

        var cause = Assert.Single(grouping.Causes);
        Assert.Equal(7, cause.Count);
    }

    [Fact]
    public void A_name_with_a_bracket_is_one_value()
    {
        var grouping = Group(
        [
            .. Enumerable.Range(0, 5).Select(i => $"synchronized to 10.100.20.{250 - i}, stratum {i + 2}"),
            "synchronized to LOCAL(0), stratum 10",
        ]);

        var cause = Assert.Single(grouping.Causes);
        Assert.Equal(6, cause.Count);
    }

    [Fact]
    public void A_unit_after_a_number_is_part_of_the_value_and_other_words_still_tell_causes_apart()
    {
        var grouping = Group(
        [
            "Block broadcast_9_piece0 stored as bytes in memory (estimated size 5.2 KB, free 5.2 KB)",
            "Block broadcast_0_piece0 stored as bytes in memory (estimated size 93.0 B, free 317.1 KB)",
            "Block broadcast_3_piece0 stored as bytes in memory (estimated size 1.5 MB, free 2.0 GB)",
            "NPU 3 failed after 2 retries",
            "NPU 5 failed after 4 retries",
            "NPU 3 recovered after 2 retries",
        ]);

        Assert.Equal(3, grouping.CauseOf(0).Count);
        Assert.Same(grouping.CauseOf(0), grouping.CauseOf(2));
        Assert.Equal(2, grouping.CauseOf(3).Count);
        Assert.NotSame(grouping.CauseOf(3), grouping.CauseOf(5));
    }

    [Fact]
    public void Tasks_without_a_message_are_one_cause()
    {
        var grouping = Group([null, "", "  \n "]);

        var cause = Assert.Single(grouping.Causes);
        Assert.Equal(CauseGrouper.NoMessage, cause.Template);
        Assert.Equal(3, cause.Count);
    }

    [Fact]
    public void Every_message_has_the_cause_of_its_index()
    {
        var grouping = Group(["npu-smi: device 3 not responding", "disk full", "npu-smi: device 5 not responding"]);

        Assert.Same(grouping.CauseOf(0), grouping.CauseOf(2));
        Assert.Equal("disk full", grouping.CauseOf(1).Template);
    }

    private static CauseGrouping Group(IEnumerable<string?> messages)
    {
        var grouper = new CauseGrouper();
        var i = 0;
        foreach (var message in messages)
        {
            grouper.Add(message, string.Create(CultureInfo.InvariantCulture, $"srv-{i++}"));
        }
        return grouper.Group();
    }

    private static int StableOrder(string text) => (int)(StableHashForTest(text) % 1_000_003);

    private static ulong StableHashForTest(string text)
    {
        var hash = 1469598103934665603UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    private static List<string> Describe(CauseGrouping grouping) =>
        grouping.Causes.Select(cause => $"{cause.Key} {cause.Count} {cause.Template} {cause.Example} {string.Join(",", cause.Variables.Select(v => v.Text))}").ToList();
}
