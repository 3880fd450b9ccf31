namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>The subscription tests, on their own bot and Playground (<see cref="FastProjectHistoryPlayground"/>).</summary>
[CollectionDefinition(Name)]
public sealed class FastProjectHistory : ICollectionFixture<FastProjectHistoryPlayground>
{
    public const string Name = "Agents Playground with a fast project history";
}
