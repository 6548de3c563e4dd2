using System.Numerics;
using Customizable.Vlm.PointClouds;
using Customizable.Vlm.Tests.Inspection;

namespace Customizable.Vlm.Tests.PointClouds;

/// <summary>Re-scan-like variants of reference clouds (<see cref="PointCloudEncoderOptions.ReferenceVariants"/>).</summary>
public class ReferenceVariantTests
{
    [Fact]
    public void A_variant_keeps_about_four_fifths_of_the_points_turned_by_at_most_four_and_a_half_degrees_and_is_the_same_every_time()
    {
        Vector3[] sphere = AnalyticClouds.Sphere(5_000);

        (Vector3[] a, Vector3[]? normals, byte[]? colors) = PointCloudVariants.Create(sphere, default, default, variant: 0);
        (Vector3[] again, _, _) = PointCloudVariants.Create(sphere, default, default, variant: 0);
        (Vector3[] other, _, _) = PointCloudVariants.Create(sphere, default, default, variant: 1);

        Assert.Null(normals);
        Assert.Null(colors);
        Assert.InRange(a.Length, 3_850, 4_150);
        Assert.Equal(a, again);
        Assert.NotEqual(a, other);

        // On the unit sphere every point stays within the jitter of the sphere; the rotation moves a point by at most 2 sin(2.25 deg)
        // (0.079), and a dropped point's nearest kept neighbour is about one lattice spacing (0.05) away.
        foreach (Vector3 p in a)
        {
            Assert.InRange(p.Length(), 0.98f, 1.02f);
        }

        float moved = sphere.Max(p => a.Min(q => Vector3.DistanceSquared(p, q)));
        Assert.True(MathF.Sqrt(moved) < (2 * MathF.Sin(2.25f * MathF.PI / 180)) + 0.1f, $"A sphere point is {MathF.Sqrt(moved):0.000} from the variant.");
    }

    [Fact]
    public void Normals_turn_with_the_points_colours_follow_them_and_non_finite_points_are_left_out()
    {
        Vector3[] points = [.. AnalyticClouds.Sphere(2_000), new Vector3(float.NaN, 0, 0)];
        Vector3[] normals = [.. points.Select(p => float.IsFinite(p.X) ? Vector3.Normalize(p) : Vector3.UnitZ)];
        byte[] colors = [.. points.SelectMany((_, i) => new[] { (byte)(i % 256), (byte)(i / 256), (byte)7 })];

        (Vector3[] v, Vector3[]? n, byte[]? c) = PointCloudVariants.Create(points, normals, colors, variant: 2);

        Assert.NotNull(n);
        Assert.NotNull(c);
        Assert.Equal(v.Length * 3, c.Length);
        Assert.All(v, p => Assert.True(float.IsFinite(p.X)));
        for (int j = 0; j < v.Length; j++)
        {
            // The normal of a sphere point is its direction: still so after the shared rotation, up to the jitter.
            Assert.True(Vector3.Dot(n[j], Vector3.Normalize(v[j])) > 0.999f, $"Normal {j} does not follow its point.");
            int source = c[j * 3] + (c[(j * 3) + 1] * 256);
            Assert.True(Vector3.Distance(points[source], v[j]) < 0.1f, $"Colour {j} names point {source}, {Vector3.Distance(points[source], v[j]):0.000} away.");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(17)]
    public void A_variant_count_outside_0_to_16_is_refused(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointCloudEncoder(new PointCloudEncoderOptions { ReferenceVariants = count }));

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_reference_limit_outside_0_to_1000_is_refused(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointCloudEncoder(new PointCloudEncoderOptions { ReferenceVariantsUpTo = limit }));

    [Theory]
    [InlineData(3, 4, 4 * 6)]
    [InlineData(3, 3, 3 * 6 * 4)]
    [InlineData(4, 4, 4 * 6 * 4)]
    public async Task Variants_are_made_only_up_to_the_reference_limit(int upTo, int references, int expectedViews)
    {
        var reasoner = new RecordingModelReasoner();
        var inspector = new AnomalyInspector(reasoner, encoders: [new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 32, ReferenceVariantsUpTo = upTo })]);
        var spec = new InspectionSpec();
        for (int r = 0; r < references; r++)
        {
            spec.References.Add(PointCloudObservation.FromPoints(AnalyticClouds.Sphere(1_000 + r), name: $"r{r}"));
        }

        await inspector.CustomizeAsync(spec);

        Assert.Equal(expectedViews, Assert.Single(reasoner.Built).Count);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public async Task The_reference_model_gets_the_variants_views_after_the_references_and_the_profile_keeps_only_the_references(int variants)
    {
        var reasoner = new RecordingModelReasoner();
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 32, ReferenceVariants = variants });
        var inspector = new AnomalyInspector(reasoner, encoders: [encoder]);
        var spec = new InspectionSpec();
        spec.References.Add(PointCloudObservation.FromPoints(AnalyticClouds.Sphere(3_000), name: "a"));
        spec.References.Add(PointCloudObservation.FromPoints(AnalyticClouds.Sphere(2_000), name: "b"));

        InspectionProfile profile = await inspector.CustomizeAsync(spec);

        IReadOnlyList<EncodedView> seen = Assert.Single(reasoner.Built);
        Assert.Equal(2 * 6 * (1 + variants), seen.Count);
        Assert.Equal(["a", "a", "a", "a", "a", "a", "b", "b", "b", "b", "b", "b"], seen.Take(12).Select(v => v.Source?.Name));
        Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => i % 6), seen.Select(v => v.Slot));
        Assert.Equal(12, profile.References.Count);
        if (variants > 0)
        {
            // Variant views come from other points than the reference's: their provenance holds the variant's smaller cloud.
            var first = Assert.IsType<PointCloudViewProvenance>(seen[12].Provenance);
            Assert.InRange(first.Points.Length, 2_250, 2_550);
            Assert.Equal("a", seen[12].Source?.Name);
        }
    }

    /// <summary>A <see cref="ModelReasoner"/> that also records the views each reference model was built from.</summary>
    private sealed class RecordingModelReasoner : IAnomalyReasoner, IReferenceModelBuilder
    {
        private readonly ModelReasoner _inner = new();

        public List<IReadOnlyList<EncodedView>> Built { get; } = [];

        public string ReferenceModelKind => _inner.ReferenceModelKind;

        public ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default)
        {
            Built.Add([.. referenceViews]);
            return _inner.BuildReferenceModelAsync(spec, referenceViews, cancellationToken);
        }

        public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default) => _inner.ReasonAsync(prompt, cancellationToken);

        public void Write(ReferenceModel model, Stream destination) => _inner.Write(model, destination);

        public ReferenceModel Read(Stream source) => _inner.Read(source);

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : _inner.GetService(serviceType, serviceKey);

        public void Dispose() => _inner.Dispose();
    }
}
