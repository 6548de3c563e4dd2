using System.Text;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

/// <summary>
/// Seeded mutations of a valid manifest (bit flips, truncations, duplicated and removed entries and lines, length-like numbers that
/// lie, random bytes) read through <see cref="DatasetReader.Read(string, string)"/> over a real dataset tree: each gives a dataset
/// whose every image lies inside the manifest's folder, or a <see cref="DatasetException"/>, within a time and allocation bound.
/// </summary>
public sealed class ManifestFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    /// <summary>The manifest is about 2 KB and the reader's work linear in it; 16 MiB catches a blow-up.</summary>
    private const long MaxBytesPerInput = 16L * 1024 * 1024;

    private readonly DatasetTree _tree = DatasetTree.Manifest(good: 2, anomalous: 2, size: 32);

    public void Dispose() => _tree.Dispose();

    /// <summary>Each JSON object of the manifest (one entry) as a segment.</summary>
    private static IReadOnlyList<(int Start, int Length)> Entries(byte[] data)
    {
        var list = new List<(int Start, int Length)>();
        int start = -1;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'{')
            {
                start = i;
            }
            else if (data[i] == (byte)'}' && start >= 0)
            {
                list.Add((start, i + 2 <= data.Length ? i + 2 - start : i + 1 - start));
                start = -1;
            }
        }

        return list;
    }

    [Fact]
    public async Task Mutated_manifests_give_a_dataset_inside_the_root_or_a_dataset_exception_in_bounded_time_and_memory()
    {
        string manifest = Path.Combine(_tree.Root, "manifest.json");
        string root = Path.GetDirectoryName(Path.GetFullPath(manifest))! + Path.DirectorySeparatorChar;
        byte[] valid = await File.ReadAllBytesAsync(manifest);
        byte[] pretty = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("},{", "},\n  {", StringComparison.Ordinal).Replace(",\"", ", \"", StringComparison.Ordinal));
        Assert.NotEmpty(DatasetReader.Read(manifest, "bottle").Test);

        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            "DatasetReader.Read(manifest)",
            Fuzz.Mutations([valid, pretty], Entries),
            data =>
            {
                File.WriteAllBytes(manifest, data);
                EvaluationDataset dataset = DatasetReader.Read(manifest, "bottle");
                Assert.All(dataset.Train.Concat(dataset.Test), item => Assert.StartsWith(root, Path.GetFullPath(item.ImagePath), StringComparison.Ordinal));
            },
            ex => ex is DatasetException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Results > 0 && summary.Refused > 0, summary.ToString());
    }
}
