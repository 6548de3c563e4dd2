namespace Customizable.Vlm.OnnxGenAI;

/// <summary>Where ONNX Runtime GenAI runs a model.</summary>
/// <remarks>GenAI model folders are usually exported for one provider (for example <c>cpu-int4</c> or <c>cuda-fp16</c>); pick the
/// provider that matches the folder.</remarks>
public enum GenAIExecutionProvider
{
    /// <summary>The CPU. Works with the <c>Microsoft.ML.OnnxRuntimeGenAI</c> package.</summary>
    Cpu = 0,

    /// <summary>
    /// CUDA on an NVIDIA GPU. Needs the application to reference <c>Microsoft.ML.OnnxRuntimeGenAI.Cuda</c> and a CUDA installation.
    /// When it cannot be initialised, the reasoner logs a warning and uses the CPU (<see cref="GenAIReasonerOptions.AllowCpuFallback"/>)
    /// or throws <see cref="GenAIExecutionProviderUnavailableException"/>.
    /// </summary>
    Cuda = 1,

    /// <summary>CUDA when it can be initialised, otherwise the CPU (logged at information level).</summary>
    Auto = 2,
}
