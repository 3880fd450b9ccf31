namespace ChatOpsBot.Watching;

public enum PostOutbox
{
    /// <summary>Watches' news: table <c>deliveries</c>.</summary>
    Watches,

    /// <summary>Subscriptions' news: table <c>subscription_deliveries</c>.</summary>
    Subscriptions,
}
