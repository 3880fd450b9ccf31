using System.Text;
using System.Text.Json.Nodes;

namespace ChatOpsBot.Tests.Security;

/// <summary>Random input for the fuzz tests, from a seeded <see cref="Random"/> so a failure can be replayed.</summary>
public sealed class FuzzInput(int seed)
{
    private static readonly string[] Pieces =
    [
        "job ", "jobs ", "status ", "watch ", "unwatch ", "watching", "help", "<at>Test Bot</at>", "<at>", "</at>", "<p>", "</p>",
        "<br/>", "<script>alert(1)</script>", "&nbsp;", "&amp;", "&#x1F600;", "&#0;", "&#xD800;", "\u00A0", "\u200B", "\u202E",
        "\uFEFF", "\t", "\r\n", "\0", "\u001B[31m", "\"", "'", "`", "\\", "/", "..", "../", "%2e%2e%2f", "%00", "?", "#", "{", "}",
        "[", "]", ":", ",", "\uD800", "\uDC00", "😀", "𝔍", "İ", "ß", "Ⅻ", "https://console.huaweicloud.com/modelarts/?region=x#/dev-server/jobs/",
        "0319470a-7fad-452e-bff0-d3ba3bd83955", "train-llama-256", "job-not-found", "hdk-upgrade-running", "{{jobId}}", "${jndi:ldap://x}",
        "' OR 1=1 --", "; DROP TABLE watches; --",
    ];

    private static readonly string[] ActivityTypes =
    [
        "message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "messageUpdate", "messageDelete",
        "typing", "event", "endOfConversation", "trace", "handoff", "command", "commandResult", "contactRelationUpdate", "",
        "MESSAGE", "message ", "unknownType",
    ];

    private static readonly string[] InvokeNames =
    [
        "adaptiveCard/action", "composeExtension/query", "composeExtension/fetchTask", "task/fetch", "task/submit", "signin/verifyState",
        "signin/tokenExchange", "fileConsent/invoke", "actionableMessage/executeAction", "config/fetch", "healthCheck", "", "x/y",
    ];

    public Random Random { get; } = new(seed);

    /// <summary>Text of mixed command words, markup, control and invisible characters, and random UTF-16 (lone surrogates included).</summary>
    public string Text(int maxParts = 12)
    {
        var text = new StringBuilder();
        for (var p = Random.Next(0, maxParts + 1); p > 0; p--)
        {
            if (Random.Next(3) == 0)
            {
                for (var c = Random.Next(1, 24); c > 0; c--)
                {
                    text.Append((char)Random.Next(0, 0x10000));
                }
            }
            else
            {
                text.Append(Pieces[Random.Next(Pieces.Length)]);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// <see cref="Text"/> without lone surrogates, which System.Text.Json refuses to write (the raw bodies carry them
    /// as <c>\uD800</c> escapes instead).
    /// </summary>
    public string JsonText(int maxParts = 12) => JsonSafe(Text(maxParts));

    public static string JsonSafe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.ToCharArray();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                text[i] = '\uFFFD';
            }
        }
        return new string(text);
    }

    /// <summary>Sometimes short, sometimes around the length limits, now and then huge.</summary>
    public string AnyText() => Random.Next(40) switch
    {
        0 => Text() + new string('x', Random.Next(3_990, 4_020)),
        1 => string.Concat(Enumerable.Repeat(Text(4), Random.Next(200, 2_000))),
        2 => Pieces[Random.Next(Pieces.Length)] + new string((char)Random.Next(0, 0x10000), Random.Next(1, 100_000)),
        _ => Text(),
    };

    /// <summary>Any JSON value, nested up to <paramref name="depth"/> levels.</summary>
    public JsonNode? Json(int depth = 3) => Random.Next(depth <= 0 ? 5 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(Random.Next(2) == 0),
        2 => JsonValue.Create(Random.Next(4) == 0 ? double.MaxValue * Random.NextDouble() : Random.Next(int.MinValue, int.MaxValue)),
        3 or 4 => JsonValue.Create(JsonText(4)),
        5 or 6 => new JsonObject(Enumerable.Range(0, Random.Next(0, 5))
            .Select(i => KeyValuePair.Create(Random.Next(3) == 0 ? JsonText(1) + i : Pick("action", "jobId", "id", "verb", "data", "type", "value") + i, Json(depth - 1)))),
        _ => new JsonArray([.. Enumerable.Range(0, Random.Next(0, 5)).Select(_ => Json(depth - 1))]),
    };

    /// <summary>Card button data: mostly the right shape with odd values, sometimes anything.</summary>
    public string ActionJson() => Random.Next(6) switch
    {
        0 => Text(6),
        1 => Json(4)?.ToJsonString() ?? "null",
        2 => new string('[', Random.Next(1, 200)) + new string(']', Random.Next(1, 200)),
        _ => new JsonObject
        {
            ["action"] = Random.Next(4) == 0 ? Json(1) : Pick("refresh", "watch", "unwatch", "Refresh", "restart", ""),
            ["jobId"] = Random.Next(3) == 0 ? Json(1) : JsonText(3),
        }.ToJsonString(),
    };

    public string ActivityType() => Pick(ActivityTypes);

    public string InvokeName() => Pick(InvokeNames);

    public T Pick<T>(params T[] values) => values[Random.Next(values.Length)];
}
