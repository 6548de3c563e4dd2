namespace Customizable.Vlm;

/// <summary>A prompt template cannot be used: it names a placeholder the composer does not know, or lacks a required marker.</summary>
/// <remarks>Raised at customization time (<see cref="IPromptComposer.Validate"/>), so that no inspection runs with a broken prompt.</remarks>
public class PromptTemplateException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public PromptTemplateException()
        : base("The prompt template is not valid.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public PromptTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public PromptTemplateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the template and its unknown placeholders.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="templateName">The template's name.</param>
    /// <param name="unknownPlaceholders">The placeholder names the composer does not know.</param>
    public PromptTemplateException(string message, string? templateName, IReadOnlyList<string> unknownPlaceholders)
        : base(message)
    {
        TemplateName = templateName;
        UnknownPlaceholders = unknownPlaceholders;
    }

    /// <summary>Gets the template's name, if known.</summary>
    public string? TemplateName { get; }

    /// <summary>Gets the placeholder names the composer does not know (empty when the problem is another one).</summary>
    public IReadOnlyList<string> UnknownPlaceholders { get; } = [];
}
