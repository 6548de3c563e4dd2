namespace Customizable.Vlm.Tests.PointClouds.RealData;

/// <summary>Locates <c>../shared/data/pointclouds</c> beside the repository (present on developer machines and in CI, absent in a user's clone).</summary>
internal static class SharedPointClouds
{
    public const string AbsentReason = "../shared/data/pointclouds is absent (real data lives beside the repository, never in it).";

    public static string? Root { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                string path = Path.Combine(dir.FullName, "..", "shared", "data", "pointclouds");
                return Directory.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}
