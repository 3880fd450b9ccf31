namespace ChatOpsBot.ModelArts.Client;

/// <summary>Raised by <see cref="BoundedReadStream"/> past its limit; the client turns it into a malformed answer.</summary>
internal sealed class ResponseTooLargeException : Exception
{
    public ResponseTooLargeException()
        : base("The answer is larger than the client reads.")
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
