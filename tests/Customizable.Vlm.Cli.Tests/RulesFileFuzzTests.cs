using System.Text;
using Customizable.Vlm.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Customizable.Vlm.Cli.Tests;

/// <summary>
/// Seeded mutations of valid rules files (JSON lists and one-rule-per-line text) read through <see cref="RulesFile.Read"/>: each
/// gives at least one rule with a non-empty text and in-range values, or a <see cref="CliInputException"/> (which the tool prints
/// as a one-line error with exit code 2), within a time and allocation bound.
/// </summary>
public sealed class RulesFileFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);
    private const long MaxBytesPerInput = 16L * 1024 * 1024;

    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""
        [
          {"text": "Small scratches under 1 mm are acceptable.", "id": "scratches", "max_defect_area_fraction": 0.01},
          {"text": "Ignore the label.", "ignore_regions": [{"x": 10, "y": 20, "width": 30, "height": 40}, {"x": 0, "y": 0, "width": 5, "height": 5}]},
          // a comment, and a trailing comma
          {"text": "Colour varies between batches.", "id": null, "max_defect_area_fraction": null},
        ]
        """);

    private static readonly byte[] Text = Encoding.UTF8.GetBytes("# rules\nSmall scratches are acceptable.\n\n  Ignore the label area.  \r\n# end\n");

    private readonly string _folder = Directory.CreateTempSubdirectory("cvlm-rules-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<(int Start, int Length)> Lines(byte[] data)
    {
        var list = new List<(int Start, int Length)>();
        int start = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                list.Add((start, i + 1 - start));
                start = i + 1;
            }
        }

        return list;
    }

    [Theory]
    [InlineData("rules.json")]
    [InlineData("rules.txt")]
    public async Task Mutated_rules_files_give_valid_rules_or_a_cli_input_exception_in_bounded_time_and_memory(string name)
    {
        string path = Path.Combine(_folder, name);
        byte[] seed = name.EndsWith(".json", StringComparison.Ordinal) ? Json : Text;
        await File.WriteAllBytesAsync(path, seed);
        Assert.True(RulesFile.Read(path).Count >= 2);

        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            $"RulesFile.Read({name})",
            Fuzz.Mutations([seed], Lines),
            data =>
            {
                File.WriteAllBytes(path, data);
                List<NormalityRule> rules = RulesFile.Read(path);
                Assert.NotEmpty(rules);
                Assert.All(rules, rule =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(rule.Text));
                    Assert.True(rule.MaxDefectAreaFraction is null or (> 0 and <= 1));
                    Assert.All(rule.IgnoreRegions ?? [], r => Assert.True(r.Width > 0 && r.Height > 0 && r.X >= 0 && r.Y >= 0, $"region {r}"));
                });
            },
            ex => ex is CliInputException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Results > 0 && summary.Refused > 0, summary.ToString());
    }
}
