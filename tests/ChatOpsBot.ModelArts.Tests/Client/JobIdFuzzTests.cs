using System.Text;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Tests.Support;
using Xunit.Abstractions;

namespace ChatOpsBot.ModelArts.Tests.Client;

/// <summary>
/// Whatever a user types after <c>job</c>, the client either refuses it before any request or calls exactly
/// <c>/v1/{project}/dev-servers/jobs/&lt;one segment&gt;</c> whose segment decodes back to what was typed.
/// </summary>
public sealed class JobIdFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260115;
    private const int RandomIds = 3000;

    private static readonly string[] Pieces =
    [
        "/", "//", ".", "..", "?", "#", "%", "%2F", "%2f", "%25", "%2E%2E", "%00", " ", "\\", "+", "&", "=", ";", ":", "@",
        "[", "]", "~", "'", "\"", "<", ">", "{", "}", "|", "^", "`", "!", "*", "(", ")", "$", ",",
        "é", "中", "\U0001F600", "\u0000", "\u001f", "\u007f", "\u0085", "\u200b", "\u202e", "\ufeff", "\ufffd", "\uffff",
        "\ud800", "\udc00", "\t", "\r\n", "a", "Z", "0", "-", "_", "job", "0319470a-7fad-452e-bff0-d3ba3bd83955",
    ];

    private static readonly string[] Fixed =
    [
        "", ".", "..", "...", "./", "../", "../x", "./x", "x/..", "%2e%2e", ".%2E", "..%2F..%2Fprojects", "?", "#", "#frag",
        "?id=1", "a b", " ", "a/b", "a\\b", "%", "%%", "%ZZ", "%C0%AF", "\u0000", "\n", new string('a', 64), new string('a', 65),
        new string('中', 64), new string('中', 65), string.Concat(Enumerable.Repeat("\U0001F600", 32)), "\ud800", "a\udc00b",
    ];

    [Fact]
    public async Task Every_id_is_refused_before_sending_or_sent_as_exactly_one_path_segment()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        using var host = ModelArtsTestHost.Create(server.BaseAddress);
        var client = host.Client;
        var random = new Random(Seed);
        var ids = Fixed.Concat(Enumerable.Range(0, RandomIds).Select(_ => RandomId(random))).ToList();
        var refused = 0;
        var sent = 0;

        foreach (var id in ids)
        {
            var before = server.RequestCount;
            if (!IsAcceptableId(id))
            {
                var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => client.GetJobAsync(id, CancellationToken.None));
                Assert.Equal(ModelArtsErrorKind.InvalidInput, error.Kind);
                Assert.Null(error.StatusCode);
                Assert.Equal(before, server.RequestCount);
                refused++;
                continue;
            }

            await client.GetJobAsync(id, CancellationToken.None);

            Assert.Equal(before + 1, server.RequestCount);
            var request = server.LastRequest;
            Assert.StartsWith(TestData.JobPath + "/", request.RawTarget, StringComparison.Ordinal);
            var segment = request.RawTarget[(TestData.JobPath.Length + 1)..];
            Assert.True(segment.IndexOfAny(['/', '?', '#']) < 0, $"id {Show(id)} left its segment: {request.RawTarget}");
            Assert.Equal(id, Uri.UnescapeDataString(segment));
            Assert.Null(request.SignatureProblem);
            sent++;
        }

        output.WriteLine($"Fuzzed {ids.Count} job ids (seed {Seed}): {refused} refused with no request, {sent} sent as one path segment.");
        Assert.Equal(ids.Count, refused + sent);
        Assert.True(refused > 100 && sent > 100, "the generator should produce plenty of both kinds");
    }

    /// <summary>The API's rule restated independently of the client: 1–64 UTF-16 characters, no control characters,
    /// not a dot segment, and text that survives UTF-8 (no lone surrogate).</summary>
    private static bool IsAcceptableId(string id)
    {
        if (id.Length is 0 or > 64 || id is "." or ".." || id.Any(char.IsControl))
        {
            return false;
        }
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetByteCount(id);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static string RandomId(Random random)
    {
        var builder = new StringBuilder();
        var target = random.Next(10) switch
        {
            0 => random.Next(60, 130),
            1 => random.Next(63, 66),
            _ => random.Next(1, 24),
        };
        while (builder.Length < target)
        {
            switch (random.Next(3))
            {
                case 0:
                    builder.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
                case 1:
                    builder.Append((char)random.Next(0, 0x10000));
                    break;
                default:
                    var codePoint = random.Next(0x20, 0x110000);
                    builder.Append(codePoint is >= 0xD800 and <= 0xDFFF ? "x" : char.ConvertFromUtf32(codePoint));
                    break;
            }
        }
        // Almost every id is too long or holds a control character when left to chance: many are trimmed back to
        // printable, short text so that both kinds of outcome get tried.
        if (random.Next(2) == 0)
        {
            var printable = new string([.. builder.ToString().Where(c => !char.IsControl(c))]);
            return printable.Length > 64 ? printable[..random.Next(1, 65)] : printable;
        }
        return builder.ToString();
    }

    private static string Show(string id) => string.Concat(id.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
