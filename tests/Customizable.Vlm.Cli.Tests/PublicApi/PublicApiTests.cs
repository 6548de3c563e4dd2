using System.Reflection;

namespace Customizable.Vlm.Cli.Tests.PublicApi;

/// <summary>
/// The public surface is a promise: each library's public types and members are compared with the baseline beside this file
/// (copied to the test output), so the surface changes only on purpose. After an intended change, run the tests once with
/// <c>CVLM_UPDATE_PUBLIC_API=1</c>: the baselines in the source tree are rewritten, and the diff shows the change for review.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Libraries => new()
    {
        "Customizable.Vlm.Abstractions",
        "Customizable.Vlm",
        "Customizable.Vlm.AI",
        "Customizable.Vlm.Onnx",
        "Customizable.Vlm.OnnxGenAI",
        "Customizable.Vlm.Evaluation",
        "Customizable.Vlm.Orleans",
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_public_surface_matches_its_reviewed_baseline(string assemblyName)
    {
        Assembly assembly = Assembly.Load(assemblyName);
        IReadOnlyList<string> actual = PublicApiSurface.Describe(assembly);
        string baseline = Path.Combine(AppContext.BaseDirectory, "PublicApi", assemblyName + ".txt");

        if (Environment.GetEnvironmentVariable("CVLM_UPDATE_PUBLIC_API") == "1")
        {
            string source = Path.Combine(SourceFolder(), assemblyName + ".txt");
            File.WriteAllLines(source, actual);
            return;
        }

        Assert.True(File.Exists(baseline), $"No baseline for {assemblyName}: run the tests with CVLM_UPDATE_PUBLIC_API=1 and review the new file.");
        string[] expected = File.ReadAllLines(baseline);
        string[] added = [.. actual.Except(expected, StringComparer.Ordinal)];
        string[] removed = [.. expected.Except(actual, StringComparer.Ordinal)];
        Assert.True(
            added.Length == 0 && removed.Length == 0,
            $"The public surface of {assemblyName} changed. Added:\n{string.Join('\n', added.Take(40))}\nRemoved:\n{string.Join('\n', removed.Take(40))}\n" +
            "If this is intended, run the tests with CVLM_UPDATE_PUBLIC_API=1 and commit the updated baseline.");
    }

    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Customizable.Vlm.Cli.Tests", "PublicApi");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The test project's PublicApi folder was not found above the test output.");
    }
}
