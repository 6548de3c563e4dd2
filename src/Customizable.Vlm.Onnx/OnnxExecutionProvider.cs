namespace Customizable.Vlm.Onnx;

/// <summary>Where ONNX Runtime executes a model.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>Use CUDA when it can be initialised, otherwise the CPU (logged at information level).</summary>
    Auto = 0,

    /// <summary>The CPU execution provider, available with every ONNX Runtime package.</summary>
    Cpu = 1,

    /// <summary>
    /// The CUDA execution provider. Needs an NVIDIA GPU, CUDA 13 with cuDNN, and the application referencing
    /// Microsoft.ML.OnnxRuntime.Gpu instead of Microsoft.ML.OnnxRuntime.
    /// </summary>
    Cuda = 2,
}
