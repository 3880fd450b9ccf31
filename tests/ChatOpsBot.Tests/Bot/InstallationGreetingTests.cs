using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Bot;

/// <summary>The welcome card greets a conversation once, when the app is added, never again on each app upgrade.</summary>
public sealed class InstallationGreetingTests
{
    [Fact]
    public async Task Installing_the_app_posts_the_welcome_card()
    {
        await using var bot = await BotTestHost.StartAsync();
        var activity = RecordedActivity.Load(RecordedActivity.InstallationUpdate, bot.Connector.ServiceUrl);

        var replies = await bot.SendAsync(activity);

        var reply = Assert.Single(replies);
        Assert.Equal("Hi! I watch ModelArts Lite Server jobs", reply.Card().CardTexts()[0]);
    }

    [Fact]
    public async Task An_app_upgrade_does_not_greet_again()
    {
        await using var bot = await BotTestHost.StartAsync();
        var activity = RecordedActivity.Load(RecordedActivity.InstallationUpdate, bot.Connector.ServiceUrl);
        activity["action"] = "add-upgrade";

        var replies = await bot.SendAsync(activity);

        Assert.Empty(replies);
    }
}
