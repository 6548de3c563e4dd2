using Customizable.Vlm.Onnx.Tests.RealData;

namespace Customizable.Vlm.Onnx.Tests.Video;

/// <summary>A fact skipped, with the reason, when the UCSD Ped2 frames are not beside the repository.</summary>
public sealed class UcsdPed2FactAttribute : FactAttribute
{
    public UcsdPed2FactAttribute()
    {
        if (Folder is null)
        {
            Skip = "../shared/data/video/ucsd_ped2 is absent (real data lives beside the repository, never in it).";
        }
    }

    /// <summary>Gets the UCSD Ped2 folder, or null.</summary>
    public static string? Folder { get; } =
        SharedData.Root is { } root && Directory.Exists(Path.Combine(root, "video", "ucsd_ped2")) ? Path.Combine(root, "video", "ucsd_ped2") : null;
}
