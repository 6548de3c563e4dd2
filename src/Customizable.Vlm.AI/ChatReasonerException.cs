namespace Customizable.Vlm.AI;

/// <summary>The chat model could not be asked: a non-transient error (e.g. HTTP 400 or 401), or transient errors that persisted through
/// every retry (timeouts, HTTP 429 or 5xx).</summary>
/// <remarks>The last underlying error is the <see cref="Exception.InnerException"/>. Cancellation by the caller is never wrapped: it
/// surfaces as <see cref="OperationCanceledException"/>.</remarks>
public class ChatReasonerException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public ChatReasonerException()
        : base("The chat model could not be asked.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ChatReasonerException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ChatReasonerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with the attempt count and the failure's classification.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The last underlying error.</param>
    /// <param name="attempts">How many attempts were made.</param>
    /// <param name="statusCode">The HTTP status code of the last failure, if known.</param>
    /// <param name="isTransient">Whether the last failure was transient (retries ran out) rather than permanent.</param>
    public ChatReasonerException(string message, Exception? innerException, int attempts, int? statusCode, bool isTransient)
        : base(message, innerException)
    {
        Attempts = attempts;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>Gets how many attempts were made.</summary>
    public int Attempts { get; }

    /// <summary>Gets the HTTP status code of the last failure, or null when there was none (timeout, connection failure).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets whether the last failure was transient (so the retries ran out) rather than permanent.</summary>
    public bool IsTransient { get; }
}
