using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.OnnxGenAI;

/// <summary>High-performance log messages of the GenAI reasoner.</summary>
internal static partial class GenAILog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "CUDA is unavailable for the GenAI model ({Reason}); falling back to the CPU. CUDA needs an NVIDIA GPU, CUDA, and the Microsoft.ML.OnnxRuntimeGenAI.Cuda package.")]
    public static partial void CudaFallbackToCpu(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "CUDA is not available for the GenAI model ({Reason}); using the CPU.")]
    public static partial void AutoSelectedCpu(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Loaded GenAI model '{Path}' (type {ModelType}, prompt family {Family}) on {Provider} in {Milliseconds:0} ms.")]
    public static partial void Loaded(ILogger logger, string path, string modelType, string family, GenAIExecutionProvider provider, double milliseconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Processed a prompt with {Images} images into {InputTokens} input ids; generator length {MaxLength}.")]
    public static partial void Processed(ILogger logger, int images, int? inputTokens, int maxLength);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Generated {Tokens} tokens ({Stop}) in {Milliseconds:0} ms.")]
    public static partial void Generated(ILogger logger, int tokens, Generation.GenerationStop stop, double milliseconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The input ids of the processed prompt could not be read; the generator is sized to MaxPromptTokens ({MaxPromptTokens}) + MaxNewTokens.")]
    public static partial void InputCountUnavailable(ILogger logger, int maxPromptTokens);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Logits could not be read at the decision token ({Reason}); the score comes from the parsed answer.")]
    public static partial void LogitsUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Trace, Message = "Rendered {Family} prompt with {Images} images:\n{Prompt}")]
    public static partial void Rendered(ILogger logger, string family, int images, string prompt);
}
