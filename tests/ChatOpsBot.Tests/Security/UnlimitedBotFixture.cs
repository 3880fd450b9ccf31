using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Security;

/// <summary>One in-process bot for a test class, with the rate limits out of the way.</summary>
public sealed class UnlimitedBotFixture : IAsyncLifetime
{
    public BotTestHost Bot { get; private set; } = null!;

    public async Task InitializeAsync() => Bot = await BotTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Security:CommandsPerUserPerMinute"] = "100000",
        ["Security:CommandsPerConversationPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}
