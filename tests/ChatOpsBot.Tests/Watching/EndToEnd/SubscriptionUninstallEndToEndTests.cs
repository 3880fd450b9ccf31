using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>The real bot: removed from a conversation, it forgets that conversation's subscriptions, and only them.</summary>
public sealed class SubscriptionUninstallEndToEndTests
{
    [Fact]
    public async Task Uninstalling_the_bot_from_a_conversation_removes_its_subscriptions_and_mutes()
    {
        await using var bot = await WatchingBot.StartAsync();
        var store = bot.Host.Services.GetRequiredService<ISubscriptionStore>();
        await store.AddSubscriptionAsync(Subscriptions.Make(WatchingBot.Personal, WatchingBot.Start, "train-"), 10, CancellationToken.None);
        await store.SetMutedAsync(WatchingBot.Personal, "job-noisy", muted: true, CancellationToken.None);
        await store.AddSubscriptionAsync(Subscriptions.Make(WatchingBot.Channel, WatchingBot.Start), 10, CancellationToken.None);
        var uninstall = RecordedActivity.Load(RecordedActivity.InstallationUpdate, bot.ServiceUrl);
        uninstall["action"] = "remove";

        await bot.Host.SendAsync(uninstall);

        Assert.Empty(await store.ListSubscriptionsAsync(WatchingBot.Personal, CancellationToken.None));
        Assert.Empty(await store.ListMutedJobsAsync(WatchingBot.Personal, CancellationToken.None));
        Assert.Single(await store.ListSubscriptionsAsync(WatchingBot.Channel, CancellationToken.None));
    }
}
