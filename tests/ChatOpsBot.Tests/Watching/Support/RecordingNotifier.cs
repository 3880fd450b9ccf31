using System.Collections.Concurrent;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>Records every attempt to post or refresh a card, and answers what the test scripted per conversation.</summary>
internal sealed class RecordingNotifier : IWatchNotifier
{
    private readonly ConcurrentQueue<(Watch Watch, JobNotification Notification, NotifyOutcome Outcome)> _attempts = new();
    private readonly ConcurrentQueue<(Watch Watch, LiteServerJob Job)> _cardUpdates = new();
    private readonly ConcurrentDictionary<string, Queue<NotifyOutcome>> _scripted = new(StringComparer.Ordinal);

    /// <summary>Runs after a message counted as sent (to simulate the process dying right after a send).</summary>
    public Action? AfterSend { get; set; }

    public IReadOnlyList<(Watch Watch, JobNotification Notification, NotifyOutcome Outcome)> Attempts => [.. _attempts];

    /// <summary>The texts that reached a conversation.</summary>
    public IReadOnlyList<string> SentTo(string conversationId) =>
        [.. _attempts.Where(a => a.Watch.ConversationId == conversationId && a.Outcome.Kind == NotifyOutcomeKind.Sent)
            .Select(a => a.Notification.Text)];

    public int AttemptsFor(string conversationId) => _attempts.Count(a => a.Watch.ConversationId == conversationId);

    public IReadOnlyList<(Watch Watch, LiteServerJob Job)> CardUpdates => [.. _cardUpdates];

    /// <summary>What every card update answers (Sent unless the test says otherwise).</summary>
    public NotifyOutcome CardUpdateOutcome { get; set; } = NotifyOutcome.Sent();

    /// <summary>The next answers for this conversation, in order; after them every attempt is Sent.</summary>
    public void Script(string conversationId, params NotifyOutcome[] outcomes) =>
        _scripted[conversationId] = new Queue<NotifyOutcome>(outcomes);

    public Task<NotifyOutcome> NotifyAsync(Watch watch, JobNotification notification, LiteServerJob? job, CancellationToken cancellationToken)
    {
        var outcome = Next(watch.ConversationId);
        _attempts.Enqueue((watch, notification, outcome));
        if (outcome.Kind == NotifyOutcomeKind.Sent)
        {
            AfterSend?.Invoke();
        }
        return Task.FromResult(outcome);
    }

    public Task<NotifyOutcome> UpdateCardAsync(Watch watch, LiteServerJob job, CancellationToken cancellationToken)
    {
        _cardUpdates.Enqueue((watch, job));
        return Task.FromResult(CardUpdateOutcome);
    }

    private NotifyOutcome Next(string conversationId)
    {
        if (_scripted.TryGetValue(conversationId, out var queue))
        {
            lock (queue)
            {
                if (queue.Count > 0)
                {
                    return queue.Dequeue();
                }
            }
        }
        return NotifyOutcome.Sent();
    }
}
