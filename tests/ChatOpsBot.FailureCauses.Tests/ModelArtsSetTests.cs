using System.Text.Json;

namespace ChatOpsBot.FailureCauses.Tests;

/// <summary>The simulator's ModelArts-style failed-task messages, with the cause each one really has.</summary>
public sealed class ModelArtsSetTests
{
    [Fact]
    public void Grouping_accuracy_on_the_modelarts_style_set_is_at_least_0_95()
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "modelarts-failures.jsonl"))
            .Select(line => JsonSerializer.Deserialize<Row>(line)!)
            .ToList();
        var grouper = new CauseGrouper();
        foreach (var row in rows)
        {
            grouper.Add(row.Message, row.Server);
        }
        var grouping = grouper.Group();

        var keys = rows.Select((_, i) => grouping.CauseOf(i).Key).ToArray();
        var accuracy = GroupingAccuracy(rows.Select(row => row.Cause).ToArray(), keys);

        Assert.True(accuracy >= 0.95, $"grouping accuracy {accuracy:0.000}");
        Assert.Equal(22, rows.Select(row => row.Cause).Distinct().Count());
    }

    [Fact]
    public void Grouping_accuracy_counts_a_message_right_only_when_its_whole_group_is_right()
    {
        Assert.Equal(1.0, GroupingAccuracy(["a", "a", "b"], ["x", "x", "y"]));
        Assert.Equal(1.0 / 3, GroupingAccuracy(["a", "a", "b"], ["x", "z", "y"]), 6);
        Assert.Equal(0.0, GroupingAccuracy(["a", "a", "b"], ["x", "x", "x"]));
    }

    // As the log-parsing literature defines it (Zhu et al., ICSE-SEIP 2019).
    private static double GroupingAccuracy(string[] truth, string[] predicted)
    {
        var truthSizes = truth.GroupBy(label => label).ToDictionary(group => group.Key, group => group.Count());
        var right = 0;
        foreach (var group in Enumerable.Range(0, predicted.Length).GroupBy(i => predicted[i]))
        {
            var labels = group.Select(i => truth[i]).Distinct().ToList();
            if (labels.Count == 1 && truthSizes[labels[0]] == group.Count())
            {
                right += group.Count();
            }
        }
        return (double)right / truth.Length;
    }

    private sealed record Row(
        [property: System.Text.Json.Serialization.JsonPropertyName("server")] string Server,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("cause")] string Cause);
}
