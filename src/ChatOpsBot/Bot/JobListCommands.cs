using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Client;
using Microsoft.Bot.Builder;

namespace ChatOpsBot.Bot;

/// <summary>
/// <c>jobs …</c>: one list call, the rows that match, the list card; a sentence when none match, and the error card
/// when ModelArts cannot answer.
/// </summary>
public sealed partial class JobListCommands(
    ILiteServerJobClient client,
    JobListCardBuilder lists,
    ErrorCardBuilder errorCards,
    ILogger<JobListCommands> logger)
{
    public async Task ListAsync(ITurnContext turnContext, ListJobsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(command);
        var filter = command.Filter;
        CardMessage card;
        try
        {
            var page = await client.ListJobsAsync(filter.ApiQuery, cancellationToken).ConfigureAwait(false);
            var matching = page.Data.Where(filter.Matches).ToList();
            if (matching.Count == 0)
            {
                await turnContext.SendActivityAsync(MessageFactory.Text(JobListCardBuilder.NothingMatches(filter)), cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            card = lists.Build(filter, matching);
        }
        catch (ModelArtsApiException error)
        {
            LogListFailed(logger, error.Kind, (int?)error.StatusCode, error.ErrorCode, error.RequestId);
            card = errorCards.Build(error, "");
        }
        await turnContext.SendActivityAsync(CardActivities.ToMessage(card), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Listing the project's jobs failed: {Kind} (HTTP {Status}, {ErrorCode}, request id {RequestId})")]
    private static partial void LogListFailed(ILogger logger, ModelArtsErrorKind kind, int? status, string? errorCode, string? requestId);
}
