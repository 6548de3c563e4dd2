using System.Numerics;
using Customizable.Vlm.PointClouds;
using Xunit.Abstractions;

namespace Customizable.Vlm.Onnx.Tests.PointClouds;

/// <summary>
/// One reference cloud (k = 1) with the product defaults (CPU): another scan of a normal part (its own jitter, 10 % of the points
/// dropped, turned by 2 degrees) is not flagged, and a part with a dent is. Without re-scan-like reference variants
/// (<see cref="PointCloudEncoderOptions.ReferenceVariants"/> = 0) the threshold came from the reference shifted by a few pixels, and
/// normal re-scans were flagged (docs/point-clouds.md, "Reference variants").
/// </summary>
public sealed class SingleReferenceCloudTests : IDisposable
{
    private readonly FeatureReasoner _reasoner = new(new FeatureReasonerOptions
    {
        Backbone = FeatureBackboneOptions.ResNet18(session: ResNet18Fixture.CpuOptions()),
        SearchParallelism = 2,
    });

    private readonly ITestOutputHelper _output;

    public SingleReferenceCloudTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task With_one_reference_cloud_a_rescanned_normal_part_is_not_flagged_and_a_dented_one_is()
    {
        var inspector = new AnomalyInspector(_reasoner, encoders: [new PointCloudEncoder()]);
        var spec = new InspectionSpec { ClassContext = "machined aluminium block, scanned" };
        spec.References.Add(PointCloudObservation.FromPoints(MachinedBlocks.Make(1).Points, name: "normal-1"));

        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        AnomalyVerdict normal = await inspector.InspectAsync(profile, PointCloudObservation.FromPoints(Rescan(MachinedBlocks.Make(60).Points), name: "normal-60"));
        AnomalyVerdict dented = await inspector.InspectAsync(profile, PointCloudObservation.FromPoints(MachinedBlocks.Make(61, new Vector2(0.45f, 0.15f), radius: 0.4f).Points, name: "dented-61"));

        _output.WriteLine($"normal {normal.Score:0.000}: {normal.Reasoning}");
        _output.WriteLine($"dented {dented.Score:0.000}: {dented.Reasoning}");
        Assert.False(normal.IsAnomalous, $"The rescanned normal part scored {normal.Score:0.000}.");
        Assert.True(dented.IsAnomalous, $"The dented part scored {dented.Score:0.000}.");
    }

    /// <summary>Another scan of the part: every tenth point dropped, turned by 2 degrees about z.</summary>
    private static Vector3[] Rescan(Vector3[] points)
    {
        Quaternion turn = Quaternion.CreateFromAxisAngle(Vector3.UnitZ, 2 * MathF.PI / 180);
        return [.. points.Where((_, i) => i % 10 != 3).Select(p => Vector3.Transform(p, turn))];
    }

    public void Dispose() => _reasoner.Dispose();
}
