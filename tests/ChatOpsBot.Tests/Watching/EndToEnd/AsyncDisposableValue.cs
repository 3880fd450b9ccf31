namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>A value with its own asynchronous clean-up, for <c>await using</c>.</summary>
internal sealed class AsyncDisposableValue<T>(T value, Func<Task> dispose) : IAsyncDisposable
{
    public T Value { get; } = value;

    public async ValueTask DisposeAsync() => await dispose();
}
