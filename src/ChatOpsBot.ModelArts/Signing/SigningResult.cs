namespace ChatOpsBot.ModelArts.Signing;

/// <summary>The signature and the intermediate strings, kept so that a mismatch can be explained, never logged.</summary>
public sealed record SigningResult(
    string Authorization,
    string Signature,
    string SignedHeaders,
    string CanonicalRequest,
    string StringToSign);
