using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// Whatever is posted to /api/messages — random bytes, broken JSON, recorded activities with random parts replaced —
/// the bot answers without a 500 and without a turn failing. An invoke the bot does not implement may be answered
/// 501, as the Bot Framework protocol says; nothing else at 5xx.
/// </summary>
public sealed class ActivityEndpointFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Recorded =
    [
        RecordedActivity.PersonalMessage, RecordedActivity.ChannelMessage, RecordedActivity.SubmitPersonal, RecordedActivity.InvokePersonal,
        RecordedActivity.InvokeChannel, RecordedActivity.InstallationUpdate, RecordedActivity.ConversationUpdate,
    ];

    private static readonly string[] Parts =
    [
        "name", "text", "value", "channelData", "entities", "attachments", "from", "recipient", "replyToId", "id", "timestamp",
        "locale", "textFormat", "membersAdded", "membersRemoved", "action", "summary", "localTimezone", "importance",
    ];

    // What ActivityEndpoint checks before the SDK sees the activity: spoiled less often, so most shapes reach a turn.
    private static readonly string[] Envelope = ["type", "channelId", "serviceUrl", "conversation", "deliveryMode"];

    [Fact]
    public async Task Random_bodies_and_random_activity_shapes_never_get_a_500_or_fail_a_turn()
    {
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:CommandsPerUserPerMinute"] = "100000",
            ["Security:CommandsPerConversationPerMinute"] = "100000",
            // Watches made by the fuzz are not polled during the test.
            ["Watching:FastPollInterval"] = "01:00:00",
            ["Watching:PollInterval"] = "01:00:00",
        }, services => services.AddFakeLogging());
        var fuzz = new FuzzInput(977);
        var statuses = new Dictionary<HttpStatusCode, int>();
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        var bodies = 0;
        var shapes = 0;

        for (var i = 0; i < 600; i++, bodies++)
        {
            var body = RandomBody(fuzz, bot.Connector.ServiceUrl);
            await PostAsync(bot, body, IsInvoke(body), statuses, failures);
        }
        for (var i = 0; i < 1_600; i++, shapes++)
        {
            var body = RandomActivity(fuzz, bot.Connector.ServiceUrl).ToJsonString();
            await PostAsync(bot, body, IsInvoke(body), statuses, failures);
        }

        // A failed turn (the adapter's "Turn failed") or an exception that reached ASP.NET Core. ModelArts being slow
        // under the fuzz's load is not the endpoint's concern: Polly reports its timeouts as errors too.
        var errors = bot.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Level >= LogLevel.Error && (r.Category?.StartsWith("ChatOpsBot.Bot", StringComparison.Ordinal) == true
                || r.Category?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true))
            .ToList();
        output.WriteLine($"/api/messages: {bodies + shapes:N0} inputs tried ({bodies:N0} random bodies, {shapes:N0} random activity shapes) in {watch.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}")));
        foreach (var error in errors.Take(5))
        {
            output.WriteLine($"{error.Category}: {error.Message} {error.Exception}");
        }
        Assert.Empty(failures);
        Assert.Empty(errors);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 500, "too few inputs got through to a turn: the generator tests too little");
    }

    private static async Task PostAsync(BotTestHost bot, string body, bool isInvoke, Dictionary<HttpStatusCode, int> statuses, List<string> failures)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await bot.Http.PostAsync("/api/messages", content);
        statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        var status = (int)response.StatusCode;
        if (status >= 500 && !(status == 501 && isInvoke))
        {
            failures.Add($"{status} for {(body.Length > 2_000 ? body[..2_000] + "…" : body)}");
        }
    }

    /// <summary>Not an activity: random text, a random JSON value, or a recorded activity cut short or with bytes flipped.</summary>
    private static string RandomBody(FuzzInput fuzz, Uri serviceUrl)
    {
        var random = fuzz.Random;
        var recorded = RecordedActivity.Load(fuzz.Pick(Recorded), serviceUrl).ToJsonString();
        switch (random.Next(6))
        {
            case 5:
                // Lone surrogates as JSON escapes, which Newtonsoft reads into the activity's text as they are.
                var activity = RecordedActivity.Load(fuzz.Pick(Recorded), serviceUrl);
                activity["text"] = "TEXT";
                activity["value"] = "VALUE";
                return activity.ToJsonString()
                    .Replace("TEXT", fuzz.Pick(@"\ud800", @"job \udfff", @"\ud800\ud800 help", @"watch a\udc00b"), StringComparison.Ordinal)
                    .Replace("\"VALUE\"", fuzz.Pick(@"{""action"":""refresh"",""jobId"":""a\ud800""}", @"""\udc00""", @"{""\ud800"":1}"), StringComparison.Ordinal);
            case 0:
                return fuzz.AnyText();
            case 1:
                return fuzz.Json(5)?.ToJsonString() ?? "null";
            case 2:
                return recorded[..random.Next(recorded.Length)];
            case 3:
                // The serviceUrl is left as it is: a flipped host name would send the bot's reply off the machine.
                var chars = recorded.ToCharArray();
                var url = serviceUrl.ToString().TrimEnd('/');
                var urlAt = recorded.IndexOf(url, StringComparison.Ordinal);
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    var at = random.Next(chars.Length);
                    if (at < urlAt || at >= urlAt + url.Length)
                    {
                        chars[at] = (char)random.Next(0, 0x80);
                    }
                }
                return new string(chars);
            default:
                var nested = random.Next(60, 5_000);
                return "{\"type\":\"message\",\"value\":" + new string('{', 1) + string.Concat(Enumerable.Repeat("\"a\":{", nested)) + new string('}', nested + 1) + "}";
        }
    }

    /// <summary>A recorded activity with one to five parts replaced by random values (mostly expecting replies, so nothing is sent anywhere).</summary>
    private static JsonObject RandomActivity(FuzzInput fuzz, Uri serviceUrl)
    {
        var random = fuzz.Random;
        var activity = RecordedActivity.Load(fuzz.Pick(Recorded), serviceUrl);
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var field = random.Next(6) == 0 ? fuzz.Pick(Envelope) : fuzz.Pick(Parts);
            // Mostly a value of the type the schema has there (so the activity reaches a turn), sometimes any JSON at all.
            activity[field] = field != "serviceUrl" && random.Next(10) < 3 ? fuzz.Json(4) : field switch
            {
                "type" => fuzz.ActivityType(),
                "name" => fuzz.InvokeName(),
                "text" => FuzzInput.JsonSafe(fuzz.AnyText()),
                "value" => random.Next(2) == 0 ? JsonNode.Parse(ValidOrNull(fuzz.ActionJson())) : fuzz.Json(4),
                "channelData" => new JsonObject
                {
                    ["tenant"] = random.Next(2) == 0 ? new JsonObject { ["id"] = fuzz.JsonText(1) } : fuzz.Json(1),
                    ["team"] = random.Next(2) == 0 ? new JsonObject { ["id"] = fuzz.JsonText(1) } : fuzz.Json(1),
                    ["channel"] = fuzz.Json(1),
                    ["eventType"] = fuzz.Pick<JsonNode?>("teamRenamed", "channelCreated", "teamMemberAdded", null, fuzz.JsonText(1)),
                    [fuzz.JsonText(1)] = fuzz.Json(2),
                },
                "entities" or "attachments" or "membersAdded" or "membersRemoved" => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => (JsonNode)new JsonObject
                {
                    ["type"] = fuzz.Pick<JsonNode?>("mention", "clientInfo", null, fuzz.JsonText(1)),
                    ["id"] = fuzz.JsonText(1),
                    ["contentType"] = fuzz.Pick<JsonNode?>("application/vnd.microsoft.card.adaptive", "text/html", null),
                    ["content"] = fuzz.Json(2),
                    ["text"] = fuzz.Pick<JsonNode?>("<at>Test Bot</at>", null, fuzz.JsonText(1)),
                    ["mentioned"] = random.Next(2) == 0 ? new JsonObject { ["id"] = fuzz.Pick("00000000-0000-0000-0000-00000000000011", fuzz.JsonText(1)) } : fuzz.Json(1),
                })]),
                "timestamp" => fuzz.Pick<JsonNode?>("2026-11-28T22:27:11.525Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", null),
                "channelId" => fuzz.Pick<JsonNode?>("msteams", "emulator", "webchat", "", null, fuzz.JsonText(2)),
                // Only loopback or nonsense: the fuzz must never make the bot call anywhere else.
                "serviceUrl" => fuzz.Pick<JsonNode?>(serviceUrl.ToString(), "not a url", "", null, "/relative", "ftp://127.0.0.1/", fuzz.JsonText(2).Replace(":", "", StringComparison.Ordinal)),
                "deliveryMode" => fuzz.Pick<JsonNode?>("normal", "notification", "", null, fuzz.JsonText(1)),
                "conversation" or "from" or "recipient" => new JsonObject
                {
                    ["id"] = fuzz.JsonText(2),
                    ["name"] = fuzz.JsonText(1),
                    ["tenantId"] = fuzz.JsonText(1),
                    ["aadObjectId"] = fuzz.JsonText(1),
                    ["conversationType"] = fuzz.Pick<JsonNode?>("personal", "channel", "groupChat", null),
                },
                _ => fuzz.JsonText(2),
            };
        }
        // Replies come back in the HTTP answer, so nothing is sent anywhere; when the fuzz chose another delivery mode
        // they go to the fake connector, in the recorded conversation (a conversation id it cannot route is not the bot's fault).
        if (activity["deliveryMode"] is null)
        {
            activity["deliveryMode"] = "expectReplies";
        }
        else
        {
            activity["conversation"] = RecordedActivity.Load(RecordedActivity.PersonalMessage, serviceUrl)["conversation"]!.DeepClone();
        }
        return activity;
    }

    /// <summary>Whether the bot would read the body as an invoke, which it may answer 501 when it does not implement it.</summary>
    private static bool IsInvoke(string body)
    {
        try
        {
            return Newtonsoft.Json.Linq.JObject.Parse(body)["type"]?.ToString() == "invoke";
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return false;
        }
    }

    private static string ValidOrNull(string json)
    {
        try
        {
            JsonNode.Parse(json);
            return json;
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException)
        {
            return "null";
        }
    }
}
