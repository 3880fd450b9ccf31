using System.Globalization;
using System.Text.Json;

namespace ChatOpsBot.ModelArts.Tests.Support;

/// <summary>
/// One vector of TestData/official-sdk-odd-cases.json: a signature the official Huawei Cloud Node SDK computed for an
/// odd job id or query (written by <c>tests/node/signing-vectors.mjs</c>).
/// </summary>
public sealed record OddCaseVector(
    string Name,
    IReadOnlyList<string> Segments,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    string? SecurityToken,
    JsonElement Expected,
    string SdkEndToEndSignature,
    bool SdkEndToEndAgrees)
{
    private static readonly Lazy<OddCaseFile> All = new(Load);

    public static string Host => All.Value.Host;
    public static string ProjectId => All.Value.ProjectId;
    public static string AccessKey => All.Value.AccessKey;
    public static string SecretKey => All.Value.SecretKey;
    public static string Date => All.Value.Date;
    public static DateTimeOffset SignedAt =>
        DateTimeOffset.ParseExact(Date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static IReadOnlyList<OddCaseVector> Vectors => All.Value.Vectors;

    public static OddCaseVector Named(string name) => Vectors.Single(v => v.Name == name);

    /// <summary>A job id: the last path segment of a vector for one job (six segments: "", v1, project, dev-servers, jobs, id).</summary>
    public string? JobId => Segments.Count == 6 ? Segments[5] : null;

    public string Expect(string name) => Expected.GetProperty(name).GetString()!;

    /// <summary>The request target on the wire: path, then '?' and the query when there is one.</summary>
    public string WireTarget => Expect("wireTarget");

    /// <summary>The signed headers other than host, as the SDK signed them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SignedHeaders =>
        [.. Expected.GetProperty("headers").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!))];

    public override string ToString() => Name;

    private static OddCaseFile Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "official-sdk-odd-cases.json")));
        var root = document.RootElement;
        var vectors = root.GetProperty("vectors").EnumerateArray().Select(v =>
        {
            var input = v.GetProperty("input");
            var endToEnd = v.GetProperty("sdkEndToEnd");
            return new OddCaseVector(
                v.GetProperty("name").GetString()!,
                [.. input.GetProperty("segments").EnumerateArray().Select(s => s.GetString()!)],
                [.. input.GetProperty("query").EnumerateArray().Select(p => KeyValuePair.Create(p[0].GetString()!, p[1].GetString()!))],
                input.GetProperty("securityToken").GetString(),
                v.GetProperty("expected").Clone(),
                endToEnd.GetProperty("signature").GetString()!,
                endToEnd.GetProperty("agrees").GetBoolean());
        }).ToList();
        return new OddCaseFile(
            root.GetProperty("host").GetString()!, root.GetProperty("projectId").GetString()!, root.GetProperty("ak").GetString()!,
            root.GetProperty("sk").GetString()!, root.GetProperty("date").GetString()!, vectors);
    }

    private sealed record OddCaseFile(string Host, string ProjectId, string AccessKey, string SecretKey, string Date, IReadOnlyList<OddCaseVector> Vectors);
}
