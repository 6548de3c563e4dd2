namespace Customizable.Vlm.Onnx.Tests.RealData;

/// <summary>Locates <c>../shared/data</c> beside the repository (present on developer machines and in CI, absent in a user's clone).</summary>
internal static class SharedData
{
    public static string? Root { get; } = Find();

    public static string? Tire => Root is null ? null : Existing(Path.Combine(Root, "mvtec_3d_ad", "tire"));

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                return Existing(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        return null;
    }

    private static string? Existing(string path) => Directory.Exists(path) ? Path.GetFullPath(path) : null;
}
