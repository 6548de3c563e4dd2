using Customizable.Vlm.Imaging;

namespace InspectionWorker;

/// <summary>The demo the worker runs with no configuration: generated reference images of a good part, a watched folder in the temp
/// folder, and two generated queries (one with a planted stain) dropped into it once the worker runs.</summary>
public static class DemoSetup
{
    /// <summary>The demo's profile name.</summary>
    public const string ProfileName = "demo";

    /// <summary>Gets the demo folder: <c>cvlm-inspection-worker-demo</c> in the temp folder.</summary>
    public static string Folder => Path.Combine(Path.GetTempPath(), "cvlm-inspection-worker-demo");

    /// <summary>Recreates the demo folder with four reference images and an empty watched folder.</summary>
    /// <param name="folder">The demo folder (emptied first).</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>The configuration to add: <c>Cvlm:Worker:InputFolder</c> and <c>Cvlm:Worker:Profiles:demo</c>.</returns>
    public static async Task<Dictionary<string, string?>> PrepareAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        string references = Path.Combine(folder, "references");
        string inbox = Path.Combine(folder, "inbox");
        Directory.CreateDirectory(references);
        Directory.CreateDirectory(inbox);
        for (int i = 0; i < 4; i++)
        {
            await ImageFiles.SavePngAsync(DemoImages.Part(seed: i), Path.Combine(references, $"good-{i}.png"), cancellationToken);
        }

        return new Dictionary<string, string?>
        {
            [$"{WorkerOptions.SectionName}:InputFolder"] = inbox,
            [$"{WorkerOptions.SectionName}:Profiles:{ProfileName}"] = references,
        };
    }

    /// <summary>Drops two queries into the watched folder the way a camera should: written under a hidden name, then renamed.</summary>
    /// <param name="inbox">The watched folder.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>A task that completes when both files are in place.</returns>
    public static async Task DropQueriesAsync(string inbox, CancellationToken cancellationToken = default)
    {
        foreach ((string name, bool stain) in new[] { ("query-good.png", false), ("query-stain.png", true) })
        {
            string hidden = Path.Combine(inbox, "." + name);
            await ImageFiles.SavePngAsync(DemoImages.Part(seed: 100 + name.Length, stain), hidden, cancellationToken);
            File.Move(hidden, Path.Combine(inbox, name), overwrite: true);
        }
    }
}
