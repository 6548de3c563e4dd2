namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public class ConcurrencyTests
{
    private readonly ReasonerFixture _fixture;

    public ConcurrencyTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Sixteen_parallel_inspections_give_exactly_the_sequential_scores()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        SyntheticImage[] queries = [.. Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? ReasonerFixture.DefectQueries[i / 2 % ReasonerFixture.DefectQueries.Count].Image
            : SyntheticParts.Normal(300 + i))];
        var sequential = new List<AnomalyVerdict>();
        foreach (SyntheticImage q in queries.Distinct())
        {
            sequential.Add(await _fixture.Inspector.InspectAsync(profile, q.ToObservation("sequential")));
        }

        var expected = queries.Distinct().Zip(sequential).ToDictionary(p => p.First, p => p.Second);

        AnomalyVerdict[] parallel = await Task.WhenAll(queries.Select(q =>
            Task.Run(() => _fixture.Inspector.InspectAsync(profile, q.ToObservation("parallel")))));

        for (int i = 0; i < queries.Length; i++)
        {
            AnomalyVerdict want = expected[queries[i]];
            Assert.Equal(want.Score, parallel[i].Score);
            Assert.Equal(want.IsAnomalous, parallel[i].IsAnomalous);
            Assert.Equal(want.Regions.Count, parallel[i].Regions.Count);
            Assert.Equal(want.AnomalyMaps[0].Values, parallel[i].AnomalyMaps[0].Values);
        }
    }

    [Fact]
    public async Task Inspecting_many_returns_the_verdicts_in_the_order_of_the_observations()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        var inspector = new AnomalyInspector(_fixture.Reasoner, new AnomalyInspectorOptions { MaxDegreeOfParallelism = 4 });
        var items = new List<(SyntheticImage Image, AnomalyVerdict Expected)>();
        foreach ((DefectKind kind, SyntheticImage image) in ReasonerFixture.DefectQueries)
        {
            items.Add((image, await _fixture.InspectDefectAsync(kind)));
        }

        foreach (int seed in ReasonerFixture.HeldOutNormalSeeds)
        {
            items.Add((SyntheticParts.Normal(seed), await _fixture.InspectNormalAsync(seed)));
        }

        // Interleave normal and defective parts so that a reordering would be visible.
        var order = new[] { 5, 0, 6, 1, 7, 2, 3, 4 };

        IReadOnlyList<AnomalyVerdict> verdicts = await inspector.InspectManyAsync(profile, order.Select(i => items[i].Image.ToObservation($"item-{i}")));

        Assert.Equal(order.Length, verdicts.Count);
        for (int k = 0; k < order.Length; k++)
        {
            Assert.Equal(items[order[k]].Expected.Score, verdicts[k].Score);
            Assert.Equal(items[order[k]].Expected.IsAnomalous, verdicts[k].IsAnomalous);
        }
    }
}
