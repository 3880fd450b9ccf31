using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The bot in process with an allow-list at every level, matching the recorded Playground activities: their tenant,
/// their user, and their personal chat and team. Logs are collected so refusals can be read.
/// </summary>
public sealed class PolicyBotFixture : IAsyncLifetime
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";
    public const string UserObjectId = "00000000-0000-0000-0000-0000000000020";
    public const string PersonalConversationId = "9ca71674-1ad7-4dd0-beea-d9095f9ea168";
    public const string TeamId = "team-id";

    public BotTestHost Bot { get; private set; } = null!;

    public FakeLogCollector Logs => Bot.Services.GetFakeLogCollector();

    public async Task InitializeAsync() =>
        Bot = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:AllowedTenantIds:0"] = TenantId,
            ["Security:AllowedUserObjectIds:0"] = UserObjectId,
            ["Security:AllowedConversationIds:0"] = PersonalConversationId,
            ["Security:AllowedConversationIds:1"] = TeamId,
            ["Security:CommandsPerUserPerMinute"] = "1000",
            ["Security:CommandsPerConversationPerMinute"] = "1000",
        }, services => services.AddFakeLogging());

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}
