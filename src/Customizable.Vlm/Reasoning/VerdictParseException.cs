namespace Customizable.Vlm.Reasoning;

/// <summary>A model answer is not a well-formed verdict and <see cref="VerdictParserOptions.Strict"/> was requested.</summary>
/// <remarks>The tolerant reading of the same answer (status <see cref="VerdictStatus.Repaired"/> or
/// <see cref="VerdictStatus.Unparseable"/>, raw text kept) travels in <see cref="Verdict"/>, so nothing is lost.</remarks>
public class VerdictParseException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public VerdictParseException()
        : base("The model answer is not a well-formed verdict.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public VerdictParseException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public VerdictParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a message and the tolerant reading of the answer.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="verdict">The tolerant reading (repaired or unparseable), with the raw text.</param>
    public VerdictParseException(string message, AnomalyVerdict verdict)
        : base(message)
    {
        Verdict = verdict;
    }

    /// <summary>Gets the tolerant reading of the answer, or null when not given.</summary>
    public AnomalyVerdict? Verdict { get; }
}
