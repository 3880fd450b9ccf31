using System.Text.Json;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.ModelArts.Tests.Models;

public sealed class LiteServerJobJsonTests
{
    [Fact]
    public void Absent_lists_and_maps_read_as_empty_never_null()
    {
        var job = JsonSerializer.Deserialize("""{"items":[{"type":"HDK_QUERY"}],"tasks":[{"id":"t"}]}""",
            ModelArtsJsonContext.Default.LiteServerJob)!;
        var bare = JsonSerializer.Deserialize("{}", ModelArtsJsonContext.Default.LiteServerJob)!;

        Assert.Empty(Assert.Single(job.Items).Spec);
        Assert.Empty(Assert.Single(job.Tasks).CloudServer);
        Assert.Empty(bare.Items);
        Assert.Empty(bare.Tasks);
    }

    [Fact]
    public void Null_lists_and_null_entries_carry_nothing_and_are_left_out()
    {
        var job = JsonSerializer.Deserialize("""{"items":null,"tasks":[null,{"id":"t"},null]}""",
            ModelArtsJsonContext.Default.LiteServerJob)!;
        var page = JsonSerializer.Deserialize("""{"data":[null]}""", ModelArtsJsonContext.Default.LiteServerJobPage)!;

        Assert.Empty(job.Items);
        Assert.Equal("t", Assert.Single(job.Tasks).Id);
        Assert.Empty(page.Data);
    }

    [Fact]
    public void A_wrong_field_type_is_a_json_error_with_its_path()
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"tasks":[{"status":42}]}""", ModelArtsJsonContext.Default.LiteServerJob));

        Assert.Equal("$.tasks[0].status", error.Path);
    }
}
