using System.Net;
using ChatOpsBot.Commands;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Bot;

/// <summary>
/// Text that @mentions people the way Teams needs to notify them: <c>&lt;at&gt;Name&lt;/at&gt;</c> in the text and, for
/// each, a mention entity whose <c>text</c> is exactly that tag and whose <c>mentioned</c> is the person's id and name.
/// In a channel, a post that mentions nobody reaches no phone.
/// </summary>
public static class MentionedText
{
    /// <summary>The text followed by each person's mention, and the entities that go with it.</summary>
    public static (string Text, IReadOnlyList<Entity> Entities) Build(string text, IReadOnlyList<MentionTarget> people)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(people);
        var entities = new List<Entity>(people.Count);
        var tags = new List<string>(people.Count);
        foreach (var person in people.DistinctBy(p => p.UserId, StringComparer.Ordinal))
        {
            // The tag is HTML in the text, so a name with < or & is escaped, and the entity's text matches it exactly.
            var tag = "<at>" + WebUtility.HtmlEncode(person.Name) + "</at>";
            tags.Add(tag);
            // Written field by field: the SDK's Mention would also carry "aadObjectId": null and "role": null.
            entities.Add(new Entity("mention")
            {
                Properties = new JObject
                {
                    ["mentioned"] = new JObject { ["id"] = person.UserId, ["name"] = person.Name },
                    ["text"] = tag,
                },
            });
        }
        return tags.Count == 0 ? (text, entities) : (text + " " + string.Join(" ", tags), entities);
    }

    /// <summary>Adds the people's mentions to a message: its text (or summary, for a card) and its entities.</summary>
    public static IMessageActivity Apply(IMessageActivity message, IReadOnlyList<MentionTarget> people)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (people is not { Count: > 0 })
        {
            return message;
        }
        var (text, entities) = Build(message.Text ?? message.Summary ?? "", people);
        message.Text = text;
        message.Entities ??= [];
        foreach (var entity in entities)
        {
            message.Entities.Add(entity);
        }
        return message;
    }
}
