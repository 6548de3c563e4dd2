namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>Locates the model folders the tests use: the phi3v dummy beside the repository, and an optional real model.</summary>
internal static class TestModels
{
    /// <summary>The environment variable that points to a real GenAI vision model folder (tests that need one run only then).</summary>
    public const string RealModelVariable = "CVLM_GENAI_MODEL";

    /// <summary>Gets <c>../shared/models/phi3v-dummy</c> (tiny random-weight phi3v files), or null when absent.</summary>
    public static string? Phi3VDummy { get; } = FindShared(Path.Combine("models", "phi3v-dummy"));

    /// <summary>Gets the real model folder named by <see cref="RealModelVariable"/>, or null.</summary>
    public static string? RealModel { get; } =
        Environment.GetEnvironmentVariable(RealModelVariable) is { Length: > 0 } path && Directory.Exists(path) ? path : null;

    private static string? FindShared(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                string path = Path.Combine(dir.FullName, "..", "shared", relative);
                return File.Exists(Path.Combine(path, "genai_config.json")) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}
