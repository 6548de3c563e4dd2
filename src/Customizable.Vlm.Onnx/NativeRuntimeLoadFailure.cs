namespace Customizable.Vlm.Onnx;

/// <summary>
/// Recognises the errors .NET raises when the native ONNX Runtime library is missing or does not match the managed
/// API, and turns them into <see cref="OnnxRuntimeNotFoundException"/>.
/// </summary>
/// <remarks>
/// The managed API loads the native library in the static constructor of its interop class, so the first call fails with
/// a <see cref="TypeInitializationException"/> around a <see cref="DllNotFoundException"/> (or an
/// <see cref="EntryPointNotFoundException"/> for a library of another version), and every later call with the same
/// <see cref="TypeInitializationException"/>. Stateless; safe from any thread.
/// </remarks>
internal static class NativeRuntimeLoadFailure
{
    /// <summary>The package that carries the CPU build of the native runtime.</summary>
    internal const string CpuPackageId = "Microsoft.ML.OnnxRuntime";

    /// <summary>The package that carries the CUDA build of the native runtime.</summary>
    internal const string GpuPackageId = "Microsoft.ML.OnnxRuntime.Gpu";

    /// <summary>Whether <paramref name="error"/> says that the native ONNX Runtime could not be loaded.</summary>
    /// <param name="error">An error raised by a call into the ONNX Runtime managed API.</param>
    /// <returns><see langword="true"/> for a loader error, alone or inside type initialisers of ONNX Runtime's types.</returns>
    public static bool IsMatch(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DllNotFoundException or EntryPointNotFoundException:
                    return true;
                case TypeInitializationException t when t.TypeName is null || t.TypeName.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal):
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Creates the typed error for a loader failure, naming the package to add.</summary>
    /// <param name="error">The loader error (see <see cref="IsMatch"/>).</param>
    /// <param name="provider">The provider the caller asked for: CUDA and Auto suggest the GPU package next to the CPU one.</param>
    /// <returns>The exception to throw.</returns>
    public static OnnxRuntimeNotFoundException ToException(Exception error, OnnxExecutionProvider provider)
    {
        string package = provider == OnnxExecutionProvider.Cuda ? GpuPackageId : CpuPackageId;
        string other = provider == OnnxExecutionProvider.Cuda ? $"(or {CpuPackageId} for the CPU)" : $"(or {GpuPackageId} for CUDA)";
        string loader = Innermost(error).Message;
        return new OnnxRuntimeNotFoundException(
            package,
            $"The native ONNX Runtime library could not be loaded ({loader}). Customizable.Vlm.Onnx references only the managed " +
            $"ONNX Runtime API: add a package reference to {package} {other} to the application. If one is referenced, its " +
            "major.minor version must match that of Microsoft.ML.OnnxRuntime.Managed.",
            error);
    }

    private static Exception Innermost(Exception error)
    {
        var e = error;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
