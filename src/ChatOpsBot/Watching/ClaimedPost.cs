namespace ChatOpsBot.Watching;

/// <summary>A claimed row of one of the outboxes: watch news (<c>deliveries</c>) or subscription news (<c>subscription_deliveries</c>).</summary>
public sealed record ClaimedPost(PostOutbox Outbox, long DeliveryId, string ClaimToken)
{
    public static ClaimedPost Of(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(PostOutbox.Watches, delivery.Id, delivery.ClaimToken);
    }

    public static ClaimedPost Of(SubscriptionDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(PostOutbox.Subscriptions, delivery.Id, delivery.ClaimToken);
    }
}
