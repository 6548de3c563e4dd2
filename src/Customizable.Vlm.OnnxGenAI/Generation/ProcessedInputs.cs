using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>
/// Reads the length of <c>input_ids</c> from the processor's output before a generator is made, so that the generator's
/// maximum length (and its key-value cache) can be sized to the prompt.
/// </summary>
/// <remarks>
/// The managed 0.18 API has no accessor for the tensors of a <see cref="NamedTensors"/>; the native C API does
/// (<c>OgaNamedTensorsGet</c>, <c>OgaTensorGetShape</c>). This class calls those on the object's native handle, found by
/// reflection on the managed wrapper's non-public <c>Handle</c> property. It is best effort by design: when a future package
/// renames the property or the native call fails, it returns null and the reasoner falls back to
/// <see cref="GenAIReasonerOptions.MaxPromptTokens"/>.
/// </remarks>
internal static partial class ProcessedInputs
{
    private const string NativeLibrary = "onnxruntime-genai";
    private static readonly PropertyInfo? HandleProperty =
        typeof(NamedTensors).GetProperty("Handle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>Returns the number of input ids (last dimension of <c>input_ids</c>), or null when it cannot be read.</summary>
    public static int? TryGetInputIdCount(NamedTensors inputs)
    {
        if (HandleProperty?.GetValue(inputs) is not IntPtr handle || handle == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            IntPtr result = OgaNamedTensorsGet(handle, "input_ids", out IntPtr tensor);
            if (result != IntPtr.Zero)
            {
                OgaDestroyResult(result);
                return null;
            }

            try
            {
                result = OgaTensorGetShapeRank(tensor, out nuint rank);
                if (result != IntPtr.Zero)
                {
                    OgaDestroyResult(result);
                    return null;
                }

                if (rank is 0 or > 8)
                {
                    return null;
                }

                long[] shape = new long[(int)rank];
                result = OgaTensorGetShape(tensor, shape, rank);
                if (result != IntPtr.Zero)
                {
                    OgaDestroyResult(result);
                    return null;
                }

                return shape[^1] is > 0 and <= int.MaxValue ? (int)shape[^1] : null;
            }
            finally
            {
                OgaDestroyTensor(tensor);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport(NativeLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr OgaNamedTensorsGet(IntPtr namedTensors, string name, out IntPtr tensor);

    [LibraryImport(NativeLibrary)]
    private static partial IntPtr OgaTensorGetShapeRank(IntPtr tensor, out nuint rank);

    [LibraryImport(NativeLibrary)]
    private static partial IntPtr OgaTensorGetShape(IntPtr tensor, [Out] long[] shape, nuint rank);

    [LibraryImport(NativeLibrary)]
    private static partial void OgaDestroyTensor(IntPtr tensor);

    [LibraryImport(NativeLibrary)]
    private static partial void OgaDestroyResult(IntPtr result);
}
