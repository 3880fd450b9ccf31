namespace ChatOpsBot.ModelArts.Client;

/// <summary>What went wrong, in the terms a card explains to a user.</summary>
public enum ModelArtsErrorKind
{
    /// <summary>The id or project id was refused before any request was made.</summary>
    InvalidInput,
    /// <summary>Credentials or project id missing or invalid at call time (e.g. a reload removed them); no request was made.</summary>
    NotConfigured,
    NotFound,
    /// <summary>403: the credentials may not see this job.</summary>
    Forbidden,
    /// <summary>401: the signature or the credentials were refused (e.g. <c>APIGW.0301</c>).</summary>
    Unauthorized,
    /// <summary>429 (e.g. <c>APIGW.0308</c>).</summary>
    Throttled,
    /// <summary>5xx, or the connection failed.</summary>
    Unavailable,
    /// <summary>No answer before the deadline a chat user can wait for.</summary>
    Timeout,
    /// <summary>The answer was not the JSON the API documents.</summary>
    MalformedResponse,
    /// <summary>Any other 4xx.</summary>
    Rejected,
}
