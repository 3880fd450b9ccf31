namespace ChatOpsBot.ModelArts.Tests.Support;

public static class TestData
{
    /// <summary>The example answer of "Querying Lite Server Job Details" (ModelArts API reference), as published.</summary>
    public static string SampleJob { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "sample-job.json"));

    public const string JobPath = $"/v1/{ModelArtsTestHost.ProjectId}/dev-servers/jobs";
}
