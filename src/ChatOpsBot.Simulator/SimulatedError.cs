using System.Net;

namespace ChatOpsBot.Simulator;

/// <summary>An error answer as ModelArts or its API gateway sends it: <c>{"error_code","error_msg"}</c>.</summary>
public sealed record SimulatedError(HttpStatusCode Status, string Code, string Message, int? RetryAfterSeconds = null)
{
    public static readonly SimulatedError BadSignature = new(HttpStatusCode.Unauthorized, "APIGW.0301",
        "Incorrect IAM authentication information: verify aksk signature fail");

    public static readonly SimulatedError DateOutOfRange = new(HttpStatusCode.Unauthorized, "APIGW.0303",
        "Incorrect app authentication information: the X-Sdk-Date is out of the allowed time range");

    public static readonly SimulatedError ProjectMismatch = new(HttpStatusCode.Forbidden, "APIGW.0306",
        "The project id in the path does not match X-Project-Id");

    public static SimulatedError JobNotFound(string jobId) => new(HttpStatusCode.NotFound, "ModelArts.6309",
        $"Lite Server job {jobId} does not exist");

    public static SimulatedError InvalidParameter(string name, string problem) => new(HttpStatusCode.BadRequest, "ModelArts.0101",
        $"Invalid parameter {name}: {problem}");

    public static SimulatedError ProjectNotFound => new(HttpStatusCode.NotFound, "ModelArts.0104", "The project does not exist");
}
