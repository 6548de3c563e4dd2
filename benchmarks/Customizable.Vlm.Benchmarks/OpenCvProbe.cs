using OpenCvSharp;

namespace Customizable.Vlm.Benchmarks;

/// <summary>Checks once whether OpenCV's native library loads, so the OpenCV peers can be skipped instead of failing the run.</summary>
public static class OpenCvProbe
{
    private static readonly Lazy<string?> Failure = new(Probe);

    /// <summary>Gets a value indicating whether OpenCvSharp's native library could be loaded.</summary>
    public static bool IsAvailable => Failure.Value is null;

    /// <summary>Gets why OpenCV is unavailable, or null.</summary>
    public static string? Reason => Failure.Value;

    private static string? Probe()
    {
        try
        {
            using var mat = new Mat(1, 1, MatType.CV_8UC3);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return $"{e.GetType().Name}: {e.GetBaseException().Message}";
        }
    }
}
