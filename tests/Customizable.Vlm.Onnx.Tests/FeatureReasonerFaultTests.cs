namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// Faults around the embedded reasoner: inspections cancelled at seeded random moments leave the inspector giving exactly the
/// verdicts of a fresh one; disposing the reasoner while many inspections run gives each caller a verdict,
/// <see cref="ObjectDisposedException"/> or <see cref="OperationCanceledException"/>, never a crash (it was SIGSEGV in about half of
/// the trials before).
/// </summary>
[Collection(SharedReasoner.Name)]
public class FeatureReasonerFaultTests(ReasonerFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Cancellation moments up to 2.5 s: on a fast machine some inspections finish first; on the busy 2-core development
    /// machine all 48 were cut inside (each took longer).</summary>
    private const int Trials = 8;

    private static Observation[] Queries() =>
    [
        .. ReasonerFixture.DefectQueries.Take(3).Select(q => q.Image.ToObservation($"defect-{q.Kind}")),
        .. ReasonerFixture.HeldOutNormalSeeds.Select(s => SyntheticParts.Normal(s).ToObservation($"normal-{s}")),
    ];

    [Fact]
    public async Task Inspections_cancelled_at_random_points_leave_the_inspector_giving_the_results_of_a_fresh_one()
    {
        InspectionProfile profile = await fixture.GetProfileAsync();
        Observation[] queries = Queries();
        var random = new Random(1307);

        // Cancellation points are drawn within the time a whole round takes on this machine (fast or loaded), so that they fall
        // before, during and after the work; the first round is cancelled from the start.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(queries.Select(q => Task.Run(() => fixture.Inspector.InspectAsync(profile, q))));
        int roundMilliseconds = Math.Max(1, (int)clock.ElapsedMilliseconds);
        int cancelled = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(trial == 0 ? 0 : random.Next(0, roundMilliseconds)));
            Task<AnomalyVerdict>[] running = [.. queries.Select(q => Task.Run(() => fixture.Inspector.InspectAsync(profile, q, cts.Token)))];
            foreach (Task<AnomalyVerdict> task in running)
            {
                try
                {
                    await task;
                }
                catch (OperationCanceledException)
                {
                    cancelled++;
                }
            }
        }

        output.WriteLine($"{cancelled} of {Trials * queries.Length} inspections were cancelled.");
        Assert.True(cancelled > 0, "no inspection was cancelled: the delays are too long to test anything");

        // A fresh reasoner and inspector, with the same settings, over the same profile.
        using var freshReasoner = new FeatureReasoner(ReasonerFixture.DefaultOptions());
        var fresh = new AnomalyInspector(freshReasoner);
        foreach (Observation query in queries)
        {
            AnomalyVerdict expected = await fresh.InspectAsync(profile, query);
            AnomalyVerdict actual = await fixture.Inspector.InspectAsync(profile, query);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.IsAnomalous, actual.IsAnomalous);
            Assert.Equal(expected.AnomalyMaps[0].Values, actual.AnomalyMaps[0].Values);
        }
    }

    [Fact]
    public async Task Disposing_the_reasoner_during_many_concurrent_inspections_gives_results_or_typed_exceptions_only()
    {
        InspectionProfile profile = await fixture.GetProfileAsync();
        Observation[] queries = Queries();
        var random = new Random(4242);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int trial = 0; trial < 4; trial++)
        {
            var reasoner = new FeatureReasoner(ReasonerFixture.DefaultOptions());
            var inspector = new AnomalyInspector(reasoner);
            Task<AnomalyVerdict>[] running = [.. Enumerable.Range(0, 24).Select(i => Task.Run(() => inspector.InspectAsync(profile, queries[i % queries.Length])))];
            // Disposal overlaps the inspections whatever the machine's speed: at once in the first trial (before most have started),
            // then shortly after the first verdict, while the others are queued or running (a fixed delay of up to 400 ms let all
            // 24 finish first on a fast machine).
            if (trial > 0)
            {
                await Task.WhenAny(running);
                await Task.Delay(random.Next(0, 30));
            }

            Task dispose = trial % 2 == 0 ? reasoner.DisposeAsync().AsTask() : Task.Run(reasoner.Dispose);

            foreach (Task<AnomalyVerdict> task in running)
            {
                string outcome;
                try
                {
                    AnomalyVerdict verdict = await task;
                    Assert.InRange(verdict.Score, 0, 1);
                    outcome = "verdict";
                }
                catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
                {
                    outcome = ex.GetType().Name;
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }

            await dispose.WaitAsync(TimeSpan.FromSeconds(60));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => inspector.InspectAsync(profile, queries[0]));
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault(nameof(ObjectDisposedException)) > 0, "disposal never overlapped an inspection");
    }
}
