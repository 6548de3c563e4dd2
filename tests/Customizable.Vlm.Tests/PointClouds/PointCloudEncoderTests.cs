using System.Numerics;
using System.Text;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds;

public class PointCloudEncoderTests
{
    private static PointCloudProvenance Provenance(EncodedView view) => new(Assert.IsType<PointCloudViewProvenance>(view.Provenance));

    [Theory]
    [InlineData(200, 200)]
    [InlineData(60, 240)]
    public async Task A_dense_grid_scan_renders_without_holes_even_with_sparser_lines(int lines, int perLine)
    {
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 128 });

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(AnalyticClouds.Plane(lines, perLine)));

        var top = Provenance(views.Single(v => v.Label == "+Z"));
        (int x0, int y0, int x1, int y1) = top.ProjectedBounds();
        int holes = 0;
        for (int y = y0 + 2; y <= y1 - 2; y++)
        {
            for (int x = x0 + 2; x <= x1 - 2; x++)
            {
                holes += top.At(x, y) < 0 ? 1 : 0;
            }
        }

        Assert.True(x1 - x0 > 80, $"The plane spans {x1 - x0} pixels.");
        Assert.Equal(0, holes);
    }

    [Fact]
    public async Task Every_pixel_maps_to_a_point_whose_splat_covers_it_and_that_is_nearest_among_points_projecting_there()
    {
        Vector3[] sphere = AnalyticClouds.Sphere(20_000);
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 96 });

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(sphere));

        foreach (EncodedView view in views)
        {
            var provenance = Provenance(view);
            float[] nearest = provenance.NearestDepthPerPixel();
            int covered = 0;
            for (int y = 0; y < 96; y++)
            {
                for (int x = 0; x < 96; x++)
                {
                    int index = provenance.At(x, y);
                    if (index < 0)
                    {
                        Assert.True(float.IsPositiveInfinity(nearest[(y * 96) + x]), $"{view.Label}: pixel ({x}, {y}) has a point centre but no winner.");
                        continue;
                    }

                    covered++;
                    Vector3 projected = provenance.Project(index);
                    Assert.True(MathF.Abs(projected.X - (x + 0.5f)) <= 4 && MathF.Abs(projected.Y - (y + 0.5f)) <= 4, $"{view.Label}: point {index} projects to {projected}, far from ({x}, {y}).");
                    Assert.True(projected.Z <= nearest[(y * 96) + x] + 1e-5f, $"{view.Label}: a nearer point projects onto ({x}, {y}).");
                }
            }

            // The unit sphere fills a disc of radius 0.95 * 48 pixels: about 2/3 of the view.
            Assert.InRange(covered / (96.0 * 96), 0.6, 0.8);
        }
    }

    [Fact]
    public async Task The_centre_of_each_axis_view_of_a_sphere_shows_the_point_nearest_the_camera()
    {
        Vector3[] sphere = AnalyticClouds.Sphere(30_000);
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 64 });
        Vector3[] toward = [Vector3.UnitX, -Vector3.UnitX, Vector3.UnitY, -Vector3.UnitY, Vector3.UnitZ, -Vector3.UnitZ];

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(sphere));

        Assert.Equal(["+X", "-X", "+Y", "-Y", "+Z", "-Z"], views.Select(v => v.Label));
        for (int v = 0; v < 6; v++)
        {
            int index = Provenance(views[v]).At(32, 32);
            Assert.True(Vector3.Dot(sphere[index], toward[v]) > 0.99f, $"{views[v].Label}: centre point {sphere[index]}.");
            Assert.Equal(v, views[v].Slot);
            Assert.Equal(v, views[v].Index);
        }
    }

    [Fact]
    public async Task Views_are_deterministic_whatever_the_parallelism()
    {
        (Vector3[] box, _) = AnalyticClouds.Box(0.02f, seed: 3, new Vector2(0.3f, 0.1f));
        var parallel = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 64, MaxDegreeOfParallelism = -1 });
        var serial = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 64, MaxDegreeOfParallelism = 1 });

        IReadOnlyList<EncodedView> a = await parallel.EncodeAsync(PointCloudObservation.FromPoints(box));
        IReadOnlyList<EncodedView> b = await serial.EncodeAsync(PointCloudObservation.FromPoints(box));
        IReadOnlyList<EncodedView> c = await parallel.EncodeAsync(PointCloudObservation.FromPoints(box));

        for (int v = 0; v < a.Count; v++)
        {
            Assert.Equal(a[v].Frame.Pixels.ToArray(), b[v].Frame.Pixels.ToArray());
            Assert.Equal(a[v].Frame.Pixels.ToArray(), c[v].Frame.Pixels.ToArray());
            Assert.Equal(Provenance(a[v]).Indices, Provenance(c[v]).Indices);
        }
    }

    [Fact]
    public async Task Map_to_source_of_a_view_box_returns_exactly_the_points_seen_in_it_with_their_bounds()
    {
        (Vector3[] box, HashSet<int> dent) = AnalyticClouds.Box(0.015f, seed: 0, new Vector2(0.4f, 0.1f));
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 160 });
        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(box));
        EncodedView top = views.Single(v => v.Label == "+Z");
        var provenance = Provenance(top);

        // The dent's pixels in the top view: project its centre, take a box inside its radius.
        Matrix4x4 m = provenance.Inner.CloudToView;
        Vector3 centre = Vector3.Transform(new Vector3(0.4f, 0.1f, 0.3f), m);
        int r = 8;
        var viewBox = new PixelRect((int)centre.X - r, (int)centre.Y - r, 2 * r, 2 * r);

        var location = Assert.IsType<PointSetLocation>(top.Provenance.MapToSource(viewBox));

        var expected = new SortedSet<int>();
        for (int y = viewBox.Y; y < viewBox.Bottom; y++)
        {
            for (int x = viewBox.X; x < viewBox.Right; x++)
            {
                if (provenance.At(x, y) >= 0)
                {
                    expected.Add(provenance.At(x, y));
                }
            }
        }

        Assert.Equal(expected, location.PointIndices.ToArray());
        Assert.True(location.PointIndices.Length > 20);
        Assert.All(location.PointIndices.ToArray(), i => Assert.Contains(i, dent));
        Assert.True(location.Min.Z < 0.3f - 0.05f, $"The dent's points go below the top face: {location}.");
        Assert.InRange(location.Max.X, 0.4f, 0.62f);
    }

    [Fact]
    public async Task A_file_observation_renders_through_the_reader_with_its_colours()
    {
        Vector3[] sphere = AnalyticClouds.Sphere(5000);
        byte[] colors = new byte[sphere.Length * 3];
        for (int i = 0; i < sphere.Length; i++)
        {
            colors[i * 3] = 200;
            colors[(i * 3) + 1] = 40;
            colors[(i * 3) + 2] = 10;
        }

        string path = Path.Combine(Path.GetTempPath(), $"cvlm-{Guid.NewGuid():N}.ply");
        await File.WriteAllBytesAsync(path, CloudFiles.PlyAscii(sphere, colors: colors));
        try
        {
            var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 48, Channels = PointCloudChannels.Color });

            IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromFile(path));

            Assert.Equal(6, views.Count);
            ReadOnlySpan<byte> centre = views[0].Frame.GetRow(24).Slice(24 * 3, 3);
            Assert.True(centre[0] > 150 && centre[0] > 4 * centre[1] && centre[1] > centre[2], $"centre pixel {centre[0]},{centre[1]},{centre[2]}");
            Assert.Equal(Path.GetFileName(path), views[0].Source!.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Perspective_views_map_pixels_to_points_through_their_matrix()
    {
        Vector3[] sphere = AnalyticClouds.Sphere(20_000);
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 80, Projection = PointCloudProjection.Perspective });

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(sphere));

        var provenance = Provenance(views[4]);
        int index = provenance.At(40, 40);
        Assert.True(sphere[index].Z > 0.99f);
        for (int y = 0; y < 80; y += 7)
        {
            for (int x = 0; x < 80; x += 7)
            {
                int i = provenance.At(x, y);
                if (i >= 0)
                {
                    Vector3 p = provenance.Project(i);
                    Assert.True(MathF.Abs(p.X - x - 0.5f) <= 4.5f && MathF.Abs(p.Y - y - 0.5f) <= 4.5f, $"({x}, {y}) -> {p}");
                    Assert.True(sphere[i].Z > -0.2f, "A perspective camera on +Z sees only the near side.");
                }
            }
        }
    }

    [Fact]
    public async Task The_cpmf_preset_renders_27_distinct_views_one_slot_each()
    {
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { Views = PointCloudViewPreset.Cpmf27, ViewSize = 32 });

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(AnalyticClouds.Box(0.05f, 1).Points));

        Assert.Equal(27, views.Count);
        Assert.Equal(27, views.Select(v => v.Label).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 27), views.Select(v => v.Slot));
        Assert.Equal(27, views.Select(v => Convert.ToBase64String(v.Frame.Pixels.ToArray())).Distinct().Count());
    }

    [Fact]
    public async Task Principal_axis_alignment_renders_a_rotated_part_like_the_original()
    {
        (Vector3[] box, _) = AnalyticClouds.Box(0.03f, seed: 0, new Vector2(0.5f, 0.2f));
        Matrix4x4 rotation = Matrix4x4.CreateFromYawPitchRoll(0.7f, -0.4f, 1.1f) * Matrix4x4.CreateTranslation(5, -3, 2);
        Vector3[] moved = box.Select(p => Vector3.Transform(p, rotation) * 1).ToArray();
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 64, AlignPrincipalAxes = true });

        IReadOnlyList<EncodedView> a = await encoder.EncodeAsync(PointCloudObservation.FromPoints(box));
        IReadOnlyList<EncodedView> b = await encoder.EncodeAsync(PointCloudObservation.FromPoints(moved));

        for (int v = 0; v < 6; v++)
        {
            double same = Provenance(a[v]).Indices.Zip(Provenance(b[v]).Indices).Count(p => (p.First < 0) == (p.Second < 0)) / (64.0 * 64);
            Assert.True(same > 0.97, $"{a[v].Label}: silhouettes agree on {same:P1} of the pixels.");
        }
    }

    [Fact]
    public async Task Non_finite_points_are_skipped_and_indices_stay_those_of_the_caller()
    {
        Vector3[] sphere = AnalyticClouds.Sphere(4000);
        sphere[10] = new Vector3(float.NaN, 0, 0);
        sphere[11] = new Vector3(0, float.PositiveInfinity, 0);
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 48 });

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(PointCloudObservation.FromPoints(sphere));

        Assert.All(views, v => Assert.DoesNotContain(Provenance(v).Indices, i => i is 10 or 11));
        Assert.All(views, v => Assert.Contains(Provenance(v).Indices, i => i > 11));
    }

    [Fact]
    public async Task Empty_and_all_nan_clouds_and_cancellation_are_reported()
    {
        var encoder = new PointCloudEncoder(new PointCloudEncoderOptions { ViewSize = 32 });

        await Assert.ThrowsAsync<InvalidObservationException>(async () => await encoder.EncodeAsync(PointCloudObservation.FromPoints(Array.Empty<Vector3>(), name: "empty")));
        await Assert.ThrowsAsync<InvalidObservationException>(async () => await encoder.EncodeAsync(PointCloudObservation.FromPoints(new[] { new Vector3(float.NaN) })));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await encoder.EncodeAsync(PointCloudObservation.FromPoints(AnalyticClouds.Sphere(100)), cancelled.Token));
        Assert.False(encoder.CanEncode(ImageObservation.FromBytes(Encoding.ASCII.GetBytes("x"))));
    }

    /// <summary>Helpers over a view's provenance.</summary>
    private sealed class PointCloudProvenance(PointCloudViewProvenance inner)
    {
        public PointCloudViewProvenance Inner { get; } = inner;

        public int[] Indices => Inner.PixelToPointIndex.ToArray();

        public int At(int x, int y) => Inner.PixelToPointIndex.Span[(y * Inner.ViewWidth) + x];

        public Vector3 Project(int index)
        {
            Vector4 h = Vector4.Transform(new Vector4(Inner.Points.Span[index], 1), Inner.CloudToView);
            return new Vector3(h.X / h.W, h.Y / h.W, h.Z / h.W);
        }

        /// <summary>Per pixel, the smallest depth of the points whose projected centre falls in it (+inf when none).</summary>
        public float[] NearestDepthPerPixel()
        {
            float[] nearest = new float[Inner.ViewWidth * Inner.ViewHeight];
            Array.Fill(nearest, float.PositiveInfinity);
            for (int i = 0; i < Inner.Points.Length; i++)
            {
                Vector3 p = Project(i);
                int x = (int)MathF.Floor(p.X), y = (int)MathF.Floor(p.Y);
                if ((uint)x < (uint)Inner.ViewWidth && (uint)y < (uint)Inner.ViewHeight)
                {
                    int at = (y * Inner.ViewWidth) + x;
                    nearest[at] = MathF.Min(nearest[at], p.Z);
                }
            }

            return nearest;
        }

        public (int X0, int Y0, int X1, int Y1) ProjectedBounds()
        {
            float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
            for (int i = 0; i < Inner.Points.Length; i++)
            {
                Vector3 p = Project(i);
                (x0, y0, x1, y1) = (MathF.Min(x0, p.X), MathF.Min(y0, p.Y), MathF.Max(x1, p.X), MathF.Max(y1, p.Y));
            }

            return ((int)x0, (int)y0, (int)x1, (int)y1);
        }
    }
}
