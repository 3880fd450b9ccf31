using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Benchmarks;

/// <summary>Counts the warnings and errors logged during a run (failed reads, failed writes) and keeps the first few.</summary>
internal sealed class WarningCounter : ILoggerProvider
{
    private const int Kept = 5;
    private readonly ConcurrentQueue<string> _first = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> First => [.. _first];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningCounter counter, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            if (Interlocked.Increment(ref counter._count) <= Kept)
            {
                counter._first.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
