using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.ModelArts.Tests.Support;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ChatOpsBot.ModelArts.Tests.Client;

/// <summary>Whatever comes back, the caller gets a job (or a page) or a <see cref="ModelArtsApiException"/>; nothing else.</summary>
public sealed class ResponseBodyFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 4242;
    private const string Placeholder = "@@wrong-value@@";

    private static readonly string[] WrongValues =
    [
        "42", "-1", "1.5", "1e400", "-1e400", "9223372036854775808", "\"text\"", "\"\"", "true", "null", "[]", "{}", "[1,2]",
        "{\"a\":1}", "[null]", "\"\\ud800\"", "\"\\u0000\"", "\"2025-13-45T99:99:99Z\"", "\"1757558550702\"", "{\"id\":{}}",
    ];

    [Fact]
    public async Task Any_answer_becomes_a_job_or_a_ModelArtsApiException()
    {
        var cases = Cases(new Random(Seed));
        var answers = new ConcurrentDictionary<string, (int Status, byte[] Body)>();
        for (var i = 0; i < cases.Count; i++)
        {
            answers[$"case-{i}"] = cases[i];
        }
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var key = context.Request.Query.TryGetValue("name", out var name) ? name.ToString() : context.Request.Path.Value![(TestData.JobPath.Length + 1)..];
            var (status, body) = answers[key];
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        server.SecretKey = null;
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings => settings["ModelArts:MaxRetries"] = "0");
        var client = host.Client;
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < cases.Count; i++)
        {
            var (status, body) = cases[i];
            Count(outcomes, await Outcome(() => client.GetJobAsync($"case-{i}", CancellationToken.None), status, body, Check));
            if (i % 4 == 0)
            {
                Count(outcomes, await Outcome(() => client.ListJobsAsync(new LiteServerJobQuery(Name: $"case-{i}"), CancellationToken.None),
                    status, body, Check));
            }
        }

        output.WriteLine($"Fuzzed {cases.Count} answer bodies (seed {Seed}), {outcomes.Values.Sum()} calls: " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("job") > 50, "some mutated answers should still read as jobs");
        Assert.True(outcomes.GetValueOrDefault(nameof(ModelArtsErrorKind.MalformedResponse)) > 500);
    }

    private static async Task<string> Outcome<T>(Func<Task<T>> call, int status, byte[] body, Action<T> check)
    {
        try
        {
            check(await call());
            Assert.True(status is >= 200 and < 300, $"a {status} answer gave a result");
            return "job";
        }
        catch (ModelArtsApiException e)
        {
            var expected = status switch
            {
                >= 200 and < 300 => ModelArtsErrorKind.MalformedResponse,
                401 => ModelArtsErrorKind.Unauthorized,
                403 => ModelArtsErrorKind.Forbidden,
                404 => ModelArtsErrorKind.NotFound,
                429 => ModelArtsErrorKind.Throttled,
                >= 500 => ModelArtsErrorKind.Unavailable,
                _ => ModelArtsErrorKind.Rejected,
            };
            Assert.True(expected == e.Kind, $"{status} with {Describe(body)} gave {e.Kind}: {e.Message}");
            Assert.Equal((HttpStatusCode)status, e.StatusCode);
            return e.Kind.ToString();
        }
        catch (Exception e)
        {
            Assert.Fail($"{status} with {Describe(body)} threw {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private static void Check(LiteServerJob job)
    {
        Assert.NotNull(job);
        Assert.All(job.Tasks, task => Assert.NotNull(task.CloudServer));
        Assert.All(job.Items, item => Assert.NotNull(item.Spec));
    }

    private static void Check(LiteServerJobPage page)
    {
        Assert.NotNull(page);
        Assert.All(page.Data, Assert.NotNull);
    }

    private static List<(int Status, byte[] Body)> Cases(Random random)
    {
        var sample = Encoding.UTF8.GetBytes(TestData.SampleJob);
        var cases = new List<(int, byte[])>();
        void Add(string text, int status = 200) => cases.Add((status, Encoding.UTF8.GetBytes(text)));

        // Every truncation of the documented answer.
        for (var length = 0; length < sample.Length; length += 2)
        {
            cases.Add((200, sample[..length]));
        }
        // Random byte flips, deletions and insertions.
        for (var i = 0; i < 600; i++)
        {
            var bytes = sample.ToList();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.RemoveAt(at); break;
                    default: bytes.Insert(at, (byte)random.Next(256)); break;
                }
            }
            cases.Add((200, [.. bytes]));
        }
        // Random bytes.
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);
            cases.Add((200, bytes));
        }
        // Every field of the job and of its task given a value of the wrong type.
        var job = JsonNode.Parse(TestData.SampleJob)!.AsObject();
        foreach (var field in job.Select(p => p.Key).ToList())
        {
            foreach (var wrong in WrongValues)
            {
                var copy = job.DeepClone().AsObject();
                copy[field] = Placeholder;
                Add(copy.ToJsonString().Replace($"\"{Placeholder}\"", wrong, StringComparison.Ordinal));
            }
        }
        var task = job["tasks"]![0]!.AsObject();
        foreach (var field in task.Select(p => p.Key).ToList())
        {
            foreach (var wrong in WrongValues)
            {
                var copy = job.DeepClone().AsObject();
                copy["tasks"]![0]![field] = Placeholder;
                Add(copy.ToJsonString().Replace($"\"{Placeholder}\"", wrong, StringComparison.Ordinal));
            }
        }
        // Shapes that are JSON but not a job, and JSON that is subtly not JSON.
        foreach (var text in (string[])[
            "", " ", "\n", "null", "true", "42", "\"job\"", "[]", "[{}]", "{}", "{\"tasks\":[null,{}]}", "{\"items\":[null]}",
            "{\"data\":null}", "{\"data\":[null]}", "{\"data\":{}}", "{\"current\":\"1\"}", "\uFEFF" + TestData.SampleJob,
            TestData.SampleJob + "garbage", TestData.SampleJob + TestData.SampleJob, "/*c*/" + TestData.SampleJob,
            "{\"id\":\"a\",}", "{\"id\":NaN}", "{\"id\":\"a\",\"id\":\"b\"}", "{\"abnormal_count\":1e400}",
            "{\"id\":\"" + new string('x', 1_000_000) + "\"}", "{\"create_at\":" + new string('9', 5000) + "}",
            "{\"tasks\":[{\"cloud_server\":" + new string('[', 500) + new string(']', 500) + "}]}",
            "{\"tasks\":[{\"cloud_server\":{\"a\":" + Nest(200) + "}}]}",
            new string('[', 100_000), new string('{', 10_000), Nest(65), Nest(63), "{\"a\":" + Nest(70) + "}",
            "{\"items\":[{\"spec\":{\"k\":" + Nest(80) + "}}]}",
        ])
        {
            Add(text);
        }
        cases.Add((200, [.. "{\"id\":\""u8, 0xC3, 0x28, .. "\"}"u8]));
        cases.Add((200, [.. "{\"name\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8]));
        cases.Add((200, [.. "{\"tasks\":[{\"cloud_server\":{\""u8, 0xFF, .. "\":\"x\"}}]}"u8]));
        // Error answers with every kind of body.
        foreach (var status in (int[])[400, 401, 403, 404, 409, 429, 500, 502, 503])
        {
            for (var i = 0; i < 20; i++)
            {
                var (_, body) = cases[random.Next(cases.Count)];
                cases.Add((status, body));
            }
            Add("{\"error_code\":" + Nest(100) + "}", status);
            Add("{\"error_code\":\"X\",\"error_msg\":\"" + new string('m', 100_000) + "\"}", status);
        }
        return cases;
    }

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private static void Count(Dictionary<string, int> outcomes, string outcome) =>
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

    private static string Describe(byte[] body) =>
        $"{body.Length} bytes \"{Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 120)))}\"";
}
