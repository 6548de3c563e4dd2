namespace Customizable.Vlm;

/// <summary>An observation is larger than a configured limit (pixels, bytes, frames, points); nothing beyond the limit was allocated.</summary>
public class InputLimitExceededException : InvalidObservationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public InputLimitExceededException()
        : base("The observation exceeds a configured limit.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public InputLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public InputLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the source, the limit, the actual and the allowed amount.</summary>
    /// <param name="sourceName">The file name or caller-given name of the observation.</param>
    /// <param name="limitName">The option that was exceeded, e.g. <c>MaxPixels</c>.</param>
    /// <param name="actual">The amount the observation has or claims.</param>
    /// <param name="maximum">The configured maximum.</param>
    public InputLimitExceededException(string? sourceName, string limitName, long actual, long maximum)
        : base(sourceName, $"{limitName} exceeded: {actual:N0} > {maximum:N0}.", null)
    {
        LimitName = limitName;
        Actual = actual;
        Maximum = maximum;
    }

    /// <summary>Gets the name of the exceeded option.</summary>
    public string? LimitName { get; }

    /// <summary>Gets the amount the observation has or claims.</summary>
    public long Actual { get; }

    /// <summary>Gets the configured maximum.</summary>
    public long Maximum { get; }
}
