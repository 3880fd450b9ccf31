using System.Text.Json;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.ModelArts.Tests.Models;

/// <summary>
/// A 10,000-task job is read into fewer objects (shared status strings, <c>cloud_server</c> in one small array):
/// what a reader of the job sees stays what the JSON said.
/// </summary>
public sealed class CompactTaskReadingTests
{
    [Fact]
    public void Known_statuses_and_cloud_server_strings_are_one_shared_instance_across_tasks()
    {
        var job = Read("""
            {"tasks":[
              {"status":"FAILED","cloud_server":{"id":"bms-1","type":"BMS"}},
              {"status":"FAILED","cloud_server":{"id":"bms-2","type":"BMS"}},
              {"status":"FAIL\u0045D","cloud_server":{"\u0069d":"bms-3","type":"BMS"}}
            ]}
            """);

        Assert.All(job.Tasks, task => Assert.Same("FAILED", task.Status));
        Assert.Same(job.Tasks[0].CloudServer["type"], job.Tasks[1].CloudServer["type"]);
        Assert.Same(job.Tasks[0].CloudServer.Keys.First(), job.Tasks[2].CloudServer.Keys.First());
        Assert.Equal(["bms-1", "bms-2", "bms-3"], job.Tasks.Select(task => task.CloudServer["id"]));
    }

    [Fact]
    public void Unknown_statuses_are_read_as_they_are()
    {
        var job = Read("""{"tasks":[{"status":"failed"},{"status":"RETRYING"},{"status":""},{"status":null},{}]}""");

        Assert.Equal(["failed", "RETRYING", "", null, null], job.Tasks.Select(task => task.Status));
    }

    [Fact]
    public void A_map_keeps_its_order_the_last_of_a_repeated_key_and_other_json_as_text()
    {
        var job = Read("""{"tasks":[{"cloud_server":{"type":"BMS","id":"a","n":7,"id":"b","flags":[1,true],"none":null}}]}""");
        var map = Assert.Single(job.Tasks).CloudServer;

        Assert.Equal(
            [new("type", "BMS"), new("id", "b"), new("n", "7"), new("flags", "[1,true]"), new("none", "")],
            map.ToList());
        Assert.Equal(5, map.Count);
        Assert.True(map.ContainsKey("n"));
        Assert.False(map.ContainsKey("ID"));
        Assert.False(map.TryGetValue("missing", out _));
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
        Assert.Equal(["type", "id", "n", "flags", "none"], map.Keys);
        Assert.Equal(["BMS", "b", "7", "[1,true]", ""], map.Values);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void A_map_with_many_entries_keeps_every_one(int entries)
    {
        var pairs = Enumerable.Range(0, entries).Select(i => $"\"k{i}\":\"v{i}\"");
        var job = Read("{\"items\":[{\"spec\":{" + string.Join(",", pairs) + ",\"k0\":\"last\"}}]}");
        var spec = Assert.Single(job.Items).Spec;

        Assert.Equal(entries, spec.Count);
        Assert.Equal("last", spec["k0"]);
        Assert.All(Enumerable.Range(1, entries - 1), i => Assert.Equal($"v{i}", spec[$"k{i}"]));
    }

    [Fact]
    public void A_job_written_and_read_again_is_the_same()
    {
        var json = """{"id":"j","tasks":[{"id":"t","status":"SUCCESS","cloud_server":{"id":"bms-1","type":"BMS"}}],"items":[{"type":"X","spec":{"a":"1"}}]}""";
        var job = Read(json);

        var again = Read(JsonSerializer.Serialize(job, ModelArtsJsonContext.Default.LiteServerJob));

        Assert.Equal("SUCCESS", Assert.Single(again.Tasks).Status);
        Assert.Equal(job.Tasks[0].CloudServer.ToList(), again.Tasks[0].CloudServer.ToList());
        Assert.Equal("1", Assert.Single(again.Items).Spec["a"]);
    }

    private static LiteServerJob Read(string json) =>
        JsonSerializer.Deserialize(json, ModelArtsJsonContext.Default.LiteServerJob)!;
}
