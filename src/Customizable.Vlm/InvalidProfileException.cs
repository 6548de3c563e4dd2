namespace Customizable.Vlm;

/// <summary>A saved inspection profile could not be loaded: not a profile, an unsupported version, truncated, or tampered with.</summary>
public sealed class InvalidProfileException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public InvalidProfileException()
        : base("The inspection profile is invalid.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong with the profile.</param>
    public InvalidProfileException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What is wrong with the profile.</param>
    /// <param name="innerException">The underlying cause.</param>
    public InvalidProfileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
