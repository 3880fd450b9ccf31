using ChatOpsBot.ModelArts.Client;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Watching;

/// <summary>
/// Whether the account can read the ModelArts project at all, as the poller last found it. A refused list call (a
/// wrong project id after a reload, an IAM policy change, a frozen account) pauses polling without ending any watch;
/// <c>/readyz</c> reports it, and the first read that works again resumes polling. Said once in the log each way.
/// </summary>
public sealed partial class ProjectAccess(TimeProvider timeProvider, ILogger<ProjectAccess> logger)
{
    private readonly Lock _lock = new();
    private ModelArtsErrorKind? _refusedAs;
    private DateTimeOffset _refusedSince;

    /// <summary>Null while the project can be read; otherwise how the list call was refused, and since when.</summary>
    public (ModelArtsErrorKind Kind, DateTimeOffset Since)? Refusal
    {
        get
        {
            lock (_lock)
            {
                return _refusedAs is { } kind ? (kind, _refusedSince) : null;
            }
        }
    }

    public void Refused(ModelArtsErrorKind kind, string? requestId)
    {
        lock (_lock)
        {
            if (_refusedAs is not null)
            {
                return;
            }
            _refusedAs = kind;
            _refusedSince = timeProvider.GetUtcNow();
        }
        LogRefused(logger, kind, requestId);
    }

    public void Readable()
    {
        lock (_lock)
        {
            if (_refusedAs is null)
            {
                return;
            }
            _refusedAs = null;
        }
        LogReadable(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ModelArts refuses to list the project's jobs ({Kind}, request {RequestId}): the account cannot read the project (check ModelArts:ProjectId, the IAM policy, the account). Watch polling is paused; no watch ends; it resumes when reads succeed")]
    private static partial void LogRefused(ILogger logger, ModelArtsErrorKind kind, string? requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ModelArts reads the project again: watch polling resumed")]
    private static partial void LogReadable(ILogger logger);
}
