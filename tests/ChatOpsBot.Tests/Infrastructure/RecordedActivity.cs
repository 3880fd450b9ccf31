using System.Text.Json.Nodes;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// Activities recorded from the Microsoft 365 Agents Playground (TestData/activities): the shapes a real Teams-like
/// client sends. Tests change only what the scenario needs (text, value, serviceUrl) and keep the rest as recorded.
/// </summary>
public static class RecordedActivity
{
    public const string PersonalMessage = "message-personal.json";
    public const string ChannelMessage = "message-channel.json";
    public const string SubmitPersonal = "message-action-submit-personal.json";
    public const string InvokePersonal = "invoke-adaptiveCard-action-personal.json";
    public const string InvokeChannel = "invoke-adaptiveCard-action-channel.json";
    public const string InstallationUpdate = "installationUpdate-personal.json";
    public const string ConversationUpdate = "conversationUpdate-personal.json";

    public static JsonObject Load(string file, Uri serviceUrl)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "activities", file);
        var recorded = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var activity = recorded["activity"]!.DeepClone().AsObject();
        activity["serviceUrl"] = serviceUrl.ToString().TrimEnd('/');
        return activity;
    }

    /// <summary>The recorded personal message with new text.</summary>
    public static JsonObject PersonalText(string text, Uri serviceUrl)
    {
        var activity = Load(PersonalMessage, serviceUrl);
        activity["text"] = text;
        return activity;
    }

    /// <summary>The recorded channel message, keeping its @mention of the bot, followed by <paramref name="command"/>.</summary>
    public static JsonObject ChannelText(string command, Uri serviceUrl)
    {
        var activity = Load(ChannelMessage, serviceUrl);
        activity["text"] = $"<at>Test Bot</at> {command}";
        return activity;
    }

    /// <summary>The recorded Action.Submit message with this button's data.</summary>
    public static JsonObject Submit(string action, string jobId, string replyToId, Uri serviceUrl)
    {
        var activity = Load(SubmitPersonal, serviceUrl);
        activity["value"] = new JsonObject { ["action"] = action, ["jobId"] = jobId };
        activity["replyToId"] = replyToId;
        return activity;
    }

    /// <summary>The recorded adaptiveCard/action invoke with this verb and job.</summary>
    public static JsonObject Execute(string file, string verb, string jobId, Uri serviceUrl)
    {
        var activity = Load(file, serviceUrl);
        var action = activity["value"]!["action"]!.AsObject();
        action["verb"] = verb;
        action["data"] = new JsonObject { ["jobId"] = jobId };
        return activity;
    }
}
