using ChatOpsBot.Commands;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// Reads a message's @mentions from its mention entities: the people (Teams user id and name), without the bot itself,
/// and how many name a channel or team instead. Text can be typed by anyone; an entity is what Teams resolved.
/// </summary>
public static class ActivityMentions
{
    public static MessageMentions Of(IMessageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var personal = string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
        var notPeople = NotPeopleIds(activity);
        var people = new List<MentionTarget>();
        var others = 0;
        foreach (var mentioned in Mentioned(activity))
        {
            if (string.Equals(mentioned.Id, activity.Recipient?.Id, StringComparison.Ordinal))
            {
                continue;
            }
            if (notPeople.Contains(mentioned.Id!) || string.IsNullOrWhiteSpace(mentioned.Name))
            {
                others++;
                continue;
            }
            people.Add(new MentionTarget(mentioned.Id!, mentioned.Name));
        }
        return new MessageMentions(people, others, personal);
    }

    private static IEnumerable<ChannelAccount> Mentioned(IMessageActivity activity)
    {
        Mention[] mentions;
        try
        {
            mentions = activity.GetMentions();
        }
        catch (JsonException)
        {
            // An entity of another shape than Teams sends is no mention at all.
            yield break;
        }
        foreach (var mention in mentions)
        {
            if (mention.Mentioned is { Id.Length: > 0 } mentioned)
            {
                yield return mentioned;
            }
        }
    }

    // A channel or team mention names the conversation, its channel or its team, not a person.
    private static HashSet<string> NotPeopleIds(IMessageActivity activity)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (activity.Conversation?.Id is { Length: > 0 } conversation)
        {
            ids.Add(conversation);
            ids.Add(conversation.Split(';')[0]);
        }
        try
        {
            var channelData = activity.GetChannelData<TeamsChannelData>();
            if (channelData?.Channel?.Id is { Length: > 0 } channel)
            {
                ids.Add(channel);
            }
            if (channelData?.Team?.Id is { Length: > 0 } team)
            {
                ids.Add(team);
            }
        }
        catch (JsonException)
        {
            // Channel data of another shape: only the conversation id is known.
        }
        return ids;
    }
}
