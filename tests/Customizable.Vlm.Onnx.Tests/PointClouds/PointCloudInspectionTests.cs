using System.Numerics;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.PointClouds;
using Xunit.Abstractions;

namespace Customizable.Vlm.Onnx.Tests.PointClouds;

/// <summary>End to end: a profile customized from rendered normal blocks flags a dented block and names the dent's points.</summary>
public sealed class PointCloudInspectionTests : IDisposable
{
    private static readonly Vector2 DentCentre = new(0.45f, 0.15f);
    private readonly FeatureReasoner _reasoner = new(ReasonerFixture.DefaultOptions());
    private readonly ITestOutputHelper _output;

    public PointCloudInspectionTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_dented_block_scores_above_a_normal_one_and_its_top_region_is_mostly_dent_points()
    {
        var inspector = new AnomalyInspector(_reasoner, encoders: [new PointCloudEncoder(), new ImageEncoder()]);
        var spec = new InspectionSpec { ClassContext = "machined aluminium block, scanned" };
        foreach (int seed in new[] { 1, 2, 3, 4 })
        {
            spec.References.Add(PointCloudObservation.FromPoints(MachinedBlocks.Make(seed).Points, name: $"normal-{seed}"));
        }

        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        (Vector3[] dented, HashSet<int> dent) = MachinedBlocks.Make(51, DentCentre);

        AnomalyVerdict normal = await inspector.InspectAsync(profile, PointCloudObservation.FromPoints(MachinedBlocks.Make(50).Points, name: "normal-50"));
        AnomalyVerdict anomalous = await inspector.InspectAsync(profile, PointCloudObservation.FromPoints(dented, name: "dented-51"));

        _output.WriteLine($"normal {normal.Score:0.000}, dented {anomalous.Score:0.000}; {anomalous.Reasoning}");
        Assert.True(anomalous.Score > normal.Score, $"dented {anomalous.Score:0.000} vs normal {normal.Score:0.000}");
        AnomalyRegion top = anomalous.Regions.OrderByDescending(r => r.Score ?? 0).First();
        var location = Assert.IsType<PointSetLocation>(top.SourceLocation);
        int[] indices = location.PointIndices.ToArray();
        double inDent = indices.Count(dent.Contains) / (double)indices.Length;
        _output.WriteLine($"top region: view {top.ViewIndex}, {location}, {inDent:P0} dent points, covering {indices.Count(dent.Contains)} of {dent.Count}");
        Assert.True(inDent > 0.5, $"Only {inDent:P0} of the top region's {indices.Length} points belong to the dent.");
    }

    [Fact]
    public async Task A_block_with_a_hole_scores_above_a_normal_one()
    {
        var inspector = new AnomalyInspector(_reasoner, encoders: [new PointCloudEncoder(), new ImageEncoder()]);
        var spec = new InspectionSpec { ClassContext = "machined aluminium block, scanned" };
        foreach (int seed in new[] { 1, 2, 3 })
        {
            spec.References.Add(PointCloudObservation.FromPoints(MachinedBlocks.Make(seed).Points, name: $"normal-{seed}"));
        }

        InspectionProfile profile = await inspector.CustomizeAsync(spec);

        AnomalyVerdict normal = await inspector.InspectAsync(profile, PointCloudObservation.FromPoints(MachinedBlocks.Make(60).Points));
        AnomalyVerdict holed = await inspector.InspectAsync(profile, PointCloudObservation.FromPoints(MachinedBlocks.Make(61, new Vector2(-0.5f, -0.2f), radius: 0.2f, hole: true).Points));

        _output.WriteLine($"normal {normal.Score:0.000}, hole {holed.Score:0.000}");
        Assert.True(holed.Score > normal.Score, $"hole {holed.Score:0.000} vs normal {normal.Score:0.000}");
    }

    public void Dispose() => _reasoner.Dispose();
}
