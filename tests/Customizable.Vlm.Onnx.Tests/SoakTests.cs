using System.Diagnostics;
using System.Globalization;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>Runs alone (no other test class in parallel), so that the process's memory is this test's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakRunsAlone
{
    public const string Name = "Soak (alone)";
}

/// <summary>
/// Sized for CI: concurrent callers inspect with the real embedded reasoner; every verdict is bit-identical to the sequential one
/// for the same query, and managed and resident memory come back near the baseline taken after a warm-up. The environment variable
/// <c>CVLM_SOAK_INSPECTIONS</c> raises the count for a longer run (docs/reliability.md gives the numbers of a 2,400-inspection run).
/// </summary>
[Collection(SoakRunsAlone.Name)]
public class SoakTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Callers = 4;

    /// <summary>Managed memory after a full collection may differ from the baseline by caches and pools warmed by concurrency
    /// (ArrayPool buckets per core, ImageSharp's pool); 32 MiB is about ten times what was measured.</summary>
    private const long MaxManagedGrowth = 32L * 1024 * 1024;

    /// <summary>Resident memory may grow by what ONNX Runtime's CPU arena and per-thread pools keep once they reach the largest
    /// concurrent working set; the warm-up round absorbs most of that before the baseline. Measured: 1308 -> 1272 MiB over 96
    /// inspections after the warm-up (no growth); 160 MiB leaves room for a busier machine's larger concurrent peaks, and a leak of
    /// 100 KB per inspection over a long run (CVLM_SOAK_INSPECTIONS=2400: 240 MB) exceeds it.</summary>
    private const long MaxResidentGrowth = 160L * 1024 * 1024;

    private static int Inspections { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CVLM_SOAK_INSPECTIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 48;

    [Fact]
    public async Task Concurrent_callers_get_the_sequential_verdicts_bit_for_bit_and_memory_returns_near_its_baseline()
    {
        using var reasoner = new FeatureReasoner(ReasonerFixture.DefaultOptions());
        var inspector = new AnomalyInspector(reasoner);
        InspectionProfile profile = await inspector.CustomizeAsync(ReasonerFixture.NewSpec());
        Observation[] queries =
        [
            .. ReasonerFixture.DefectQueries.Select(q => q.Image.ToObservation($"defect-{q.Kind}")),
            .. ReasonerFixture.HeldOutNormalSeeds.Select(s => SyntheticParts.Normal(s).ToObservation($"normal-{s}")),
        ];

        var expected = new AnomalyVerdict[queries.Length];
        for (int i = 0; i < queries.Length; i++)
        {
            expected[i] = await inspector.InspectAsync(profile, queries[i]);
        }

        // Warm-up: one concurrent round, so that pools and the runtime's arena reach their working size before the baseline.
        await Task.WhenAll(Enumerable.Range(0, Callers * 2).Select(i => Task.Run(() => inspector.InspectAsync(profile, queries[i % queries.Length]))));
        (long managed0, long resident0) = SoakMemory.Measure();

        var clock = Stopwatch.StartNew();
        int perCaller = Math.Max(1, Inspections / Callers);
        int mismatches = 0;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (int k = 0; k < perCaller; k++)
            {
                int q = ((c * 7) + k) % queries.Length;
                AnomalyVerdict verdict = await inspector.InspectAsync(profile, queries[q]);
                if (verdict.Score != expected[q].Score || verdict.IsAnomalous != expected[q].IsAnomalous
                    || !verdict.AnomalyMaps[0].Values.SequenceEqual(expected[q].AnomalyMaps[0].Values))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })));
        clock.Stop();
        (long managed1, long resident1) = SoakMemory.Measure();

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{perCaller * Callers} inspections by {Callers} callers in {clock.Elapsed.TotalSeconds:F1} s; managed {managed0 / 1048576.0:F1} -> {managed1 / 1048576.0:F1} MiB; resident {resident0 / 1048576.0:F1} -> {resident1 / 1048576.0:F1} MiB"));
        Assert.Equal(0, mismatches);
        Assert.InRange(managed1 - managed0, long.MinValue, MaxManagedGrowth);
        Assert.InRange(resident1 - resident0, long.MinValue, MaxResidentGrowth);
    }
}
