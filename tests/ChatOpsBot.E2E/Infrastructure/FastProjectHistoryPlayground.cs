using System.Globalization;

namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>
/// A set-up of its own for the subscription tests: its bot runs the simulator's project history ten times faster
/// (<c>DevelopmentSimulator:ProjectHistorySpeed</c>: <c>train-bert-large</c> fails 18 s after the history starts, not
/// 3 minutes) and lists the project every 2 s (<c>Watching:ListPollInterval</c>, one minute in production). Not the
/// shared bot: the history's clock starts at the first list call, which another test's <c>jobs</c> would start early,
/// and a subscription's posts would land in the shared channel among other tests' posts.
/// </summary>
public sealed class FastProjectHistoryPlayground() : PlaygroundFixture("subscriptions-", new Dictionary<string, string?>
{
    ["DevelopmentSimulator__ProjectHistorySpeed"] = Speed.ToString(CultureInfo.InvariantCulture),
    ["Watching__ListPollInterval"] = "00:00:02",
})
{
    public const double Speed = 10;
}
