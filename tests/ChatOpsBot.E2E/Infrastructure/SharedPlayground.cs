namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>One bot, one Playground and one browser for all the tests, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPlayground : ICollectionFixture<PlaygroundFixture>
{
    public const string Name = "Agents Playground";
}
