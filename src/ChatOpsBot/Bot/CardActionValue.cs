using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Bot;

/// <summary>
/// A button's data as the JSON the command parser reads. Action.Submit sends its data as the message's
/// <c>value</c>; Action.Execute sends a verb and data, and Teams' refresh verb is <c>refreshStatus</c>.
/// </summary>
public static class CardActionValue
{
    public static string? FromSubmit(object? value) => value switch
    {
        null => null,
        string text => text,
        JToken token => token.ToString(Newtonsoft.Json.Formatting.None),
        _ => JToken.FromObject(value).ToString(Newtonsoft.Json.Formatting.None),
    };

    public static string? FromExecute(AdaptiveCardInvokeValue? invoke)
    {
        if (invoke?.Action?.Data is not { } data)
        {
            return null;
        }
        var body = data as JObject ?? (data is string text ? TryParse(text) : JObject.FromObject(data));
        if (body is null)
        {
            return null;
        }
        if (body["action"] is null && invoke.Action.Verb is { Length: > 0 } verb)
        {
            body = (JObject)body.DeepClone();
            body["action"] = verb.Equals("refreshStatus", StringComparison.OrdinalIgnoreCase) ? "refresh" : verb;
        }
        return body.ToString(Newtonsoft.Json.Formatting.None);
    }

    private static JObject? TryParse(string text)
    {
        try
        {
            return JObject.Parse(text);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}
