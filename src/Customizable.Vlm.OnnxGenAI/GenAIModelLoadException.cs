namespace Customizable.Vlm.OnnxGenAI;

/// <summary>
/// Raised when a GenAI model folder cannot be used: the folder or its <c>genai_config.json</c> is missing, the configuration is
/// not valid JSON or lacks the model type, a model file it names is missing, the native runtime cannot load it, or no prompt
/// renderer is known for its model family.
/// </summary>
public class GenAIModelLoadException : GenAIException
{
    /// <summary>Creates the exception with a default message.</summary>
    public GenAIModelLoadException()
        : base("The ONNX Runtime GenAI model folder could not be loaded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the folder and how to fix it.</param>
    public GenAIModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What is wrong with the folder and how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public GenAIModelLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a model folder.</summary>
    /// <param name="modelPath">The folder that was given.</param>
    /// <param name="message">What is wrong with the folder and how to fix it.</param>
    /// <param name="innerException">The underlying error, or null.</param>
    public GenAIModelLoadException(string modelPath, string message, Exception? innerException)
        : base(message, innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>Gets the model folder that could not be loaded, when known.</summary>
    public string? ModelPath { get; }
}
