namespace Customizable.Vlm.Onnx;

/// <summary>
/// Raised when the native ONNX Runtime library cannot be loaded: the application references this package (which
/// carries only the managed ONNX Runtime API) but no native runtime package, or the native library found does not
/// match the managed API. The message names the package to add.
/// </summary>
/// <remarks>
/// The fix is a package reference in the application: <c>Microsoft.ML.OnnxRuntime</c> for the CPU, or
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> for CUDA. The build warns about the same omission (CVLM0001) from the
/// package's build targets. <see cref="Exception.InnerException"/> holds the loader's error
/// (<see cref="DllNotFoundException"/>, <see cref="EntryPointNotFoundException"/>, or the
/// <see cref="TypeInitializationException"/> that wraps them).
/// </remarks>
public class OnnxRuntimeNotFoundException : OnnxBackendException
{
    /// <summary>Creates the exception with a default message.</summary>
    public OnnxRuntimeNotFoundException()
        : base("The native ONNX Runtime library could not be loaded. Add a package reference to Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA) to the application.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and which package to add.</param>
    public OnnxRuntimeNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the loader's error.</summary>
    /// <param name="message">What went wrong and which package to add.</param>
    /// <param name="innerException">The error the runtime's loader reported.</param>
    public OnnxRuntimeNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming the package to add.</summary>
    /// <param name="packageId">The NuGet package that provides the native runtime, for example <c>Microsoft.ML.OnnxRuntime</c>.</param>
    /// <param name="message">What went wrong and which package to add.</param>
    /// <param name="innerException">The error the runtime's loader reported.</param>
    public OnnxRuntimeNotFoundException(string packageId, string message, Exception? innerException)
        : base(message, innerException)
    {
        PackageId = packageId;
    }

    /// <summary>Gets the NuGet package that provides the native runtime the application should reference.</summary>
    public string PackageId { get; } = "Microsoft.ML.OnnxRuntime";
}
