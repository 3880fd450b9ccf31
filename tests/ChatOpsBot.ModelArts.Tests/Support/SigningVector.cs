using System.Text.Json;

namespace ChatOpsBot.ModelArts.Tests.Support;

/// <summary>One vector of TestData/official-sdk-vectors.json, computed by an official Huawei Cloud SDK.</summary>
public sealed record SigningVector(string Name, string Source, JsonElement Input, JsonElement Expected)
{
    private static readonly Lazy<IReadOnlyList<SigningVector>> All = new(Load);

    public static IReadOnlyList<SigningVector> Vectors => All.Value;

    public static SigningVector Named(string name) => Vectors.Single(v => v.Name == name);

    public string Method => Input.GetProperty("method").GetString()!;
    public Uri Url => new(Input.GetProperty("url").GetString()!);
    public string AccessKey => Input.GetProperty("ak").GetString()!;
    public string SecretKey => Input.GetProperty("sk").GetString()!;
    public string Date => Input.GetProperty("date").GetString()!;
    public string Body => Input.GetProperty("body").GetString()!;
    public string? ProjectId => Optional(Input, "projectId");
    public string? SecurityToken => Optional(Input, "securityToken");
    public bool SignHost => !Input.TryGetProperty("signHost", out var value) || value.GetBoolean();

    public IReadOnlyList<KeyValuePair<string, string>> GivenHeaders =>
        Input.GetProperty("headers").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();

    public string? ExpectedString(string name) => Optional(Expected, name);

    public override string ToString() => Name;

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static List<SigningVector> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "official-sdk-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => new SigningVector(
                v.GetProperty("name").GetString()!,
                v.GetProperty("source").GetString()!,
                v.GetProperty("input").Clone(),
                v.GetProperty("expected").Clone()))
            .ToList();
    }
}
