namespace Customizable.Vlm;

/// <summary>The base of every exception this library throws on purpose (bad input, unusable model, corrupted profile...).</summary>
/// <remarks>Catch this type to handle every expected failure of the library; programming errors (null arguments, invalid options)
/// are reported with the usual <see cref="ArgumentException"/> family instead.</remarks>
public class CustomizableVlmException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CustomizableVlmException()
        : base("A Customizable.Vlm operation failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong, in one sentence.</param>
    public CustomizableVlmException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong, in one sentence.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CustomizableVlmException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
