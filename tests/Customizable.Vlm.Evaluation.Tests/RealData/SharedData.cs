namespace Customizable.Vlm.Evaluation.Tests.RealData;

/// <summary>Locates <c>../shared/data</c> beside the repository (present on developer machines and in CI, absent in a user's clone).</summary>
internal static class SharedData
{
    public static string? Root { get; } = Find();

    public static string? Mvtec3d => Root is null ? null : Existing(Path.Combine(Root, "mvtec_3d_ad", "tire"), Path.Combine(Root, "mvtec_3d_ad"));

    /// <summary>The folder holding <c>ucsd_ped2</c> (the dataset folder <c>cvlm eval --category ucsd_ped2</c> reads), or null.</summary>
    public static string? Video => Root is null ? null : Existing(Path.Combine(Root, "video", "ucsd_ped2", "UCSDped2.m"), Path.Combine(Root, "video"));
    public static string? PointClouds => Root is null ? null : Existing(Path.Combine(Root, "pointclouds", "text", "open3d_bunnyData.pts"), Path.Combine(Root, "pointclouds"));

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                return Existing(Path.Combine(dir.FullName, "..", "shared", "data"), Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        return null;
    }

    private static string? Existing(string probe, string result) => Directory.Exists(probe) || File.Exists(probe) ? Path.GetFullPath(result) : null;
}
