namespace ChatOpsBot.Cards;

/// <summary>The <c>Cards</c> configuration section.</summary>
public sealed record CardOptions
{
    public const string SectionName = "Cards";

    public const string DefaultConsoleJobUrlTemplate =
        "https://console.huaweicloud.com/modelarts/?region={region}#/dev-server/jobs/{jobId}";

    /// <summary>The job's page in the ModelArts console; <c>{region}</c> and <c>{jobId}</c> are filled in, URL-encoded.</summary>
    public string ConsoleJobUrlTemplate { get; init; } = DefaultConsoleJobUrlTemplate;
}
