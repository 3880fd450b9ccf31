namespace ChatOpsBot.ModelArts.Signing;

/// <summary>
/// What the signature covers. <paramref name="Path"/> and <paramref name="Query"/> are as they appear on the wire
/// (percent-encoded); <paramref name="Headers"/> are exactly the headers to sign, <c>Host</c> and <c>X-Sdk-Date</c> included.
/// </summary>
public sealed record SigningRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);
