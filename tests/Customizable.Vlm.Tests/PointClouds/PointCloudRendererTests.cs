using System.Numerics;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds;

public class PointCloudRendererTests
{
    [Theory]
    [InlineData(false, 1f)]
    [InlineData(true, 1f)]
    [InlineData(false, 4f)]
    [InlineData(true, 0.5f)]
    [InlineData(false, 0.25f)]
    [InlineData(true, 0.25f)]
    public void The_vectorised_splatting_gives_the_same_depth_and_winners_as_the_scalar_loop(bool perspective, float splatScale)
    {
        // A noisy sphere with a few non-finite points (dropped) and a count that is not a multiple of eight (a scalar tail).
        var random = new Random(7);
        Vector3[] points = AnalyticClouds.Sphere(20_003);
        for (int i = 0; i < points.Length; i++)
        {
            points[i] += new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle()) * 0.02f;
        }

        points[5] = new Vector3(float.NaN, 0, 0);
        points[1001] = new Vector3(0, float.PositiveInfinity, 0);
        var options = new PointCloudEncoderOptions { SplatScale = splatScale, MaxDegreeOfParallelism = 1 };
        using PreparedCloud cloud = PreparedCloud.Create(points, null, null, options, "sphere", default);
        const int Size = 97;
        int differences = 0, covered = 0;
        foreach (ViewCamera camera in ViewCamera.For(PointCloudViewPreset.Cpmf27))
        {
            float[] depthVector = new float[Size * Size], depthScalar = new float[Size * Size];
            int[] winnersVector = new int[Size * Size], winnersScalar = new int[Size * Size];

            PointCloudRenderer.Splat(cloud, camera, Size, perspective, options.MaxSplatRadius, depthVector, winnersVector, vectorised: true);
            PointCloudRenderer.Splat(cloud, camera, Size, perspective, options.MaxSplatRadius, depthScalar, winnersScalar, vectorised: false);

            for (int p = 0; p < Size * Size; p++)
            {
                differences += winnersVector[p] != winnersScalar[p] || depthVector[p] != depthScalar[p] ? 1 : 0;
                covered += winnersScalar[p] >= 0 ? 1 : 0;
            }
        }

        Assert.Equal(0, differences);
        Assert.True(covered > 27 * Size * Size / 2, $"Only {covered} pixels were covered.");
    }

    [Fact]
    public void A_splat_larger_than_the_view_is_clamped_to_it_so_every_pixel_is_won_by_a_point_of_the_cloud()
    {
        // A few points with splats larger than the view (clamped to MaxSplatRadius).
        Vector3[] points = [new(0, 0, 0), new(0.01f, 0, 0), new(0, 0.01f, 0), new(1, 0, 0), new(-1, 0, 0), new(0, 1, 0), new(0, -1, 0), new(0, 0, 1), new(0, 0, -1)];
        var options = new PointCloudEncoderOptions { MaxSplatRadius = 32, SplatScale = 4 };
        using PreparedCloud cloud = PreparedCloud.Create(points, null, null, options, "few", default);
        const int Size = 16;
        var camera = ViewCamera.For(PointCloudViewPreset.Fast6)[4];
        foreach (bool vectorised in new[] { true, false })
        {
            float[] depth = new float[Size * Size];
            int[] winners = new int[Size * Size];

            PointCloudRenderer.Splat(cloud, camera, Size, perspective: false, options.MaxSplatRadius, depth, winners, vectorised);

            Assert.All(winners, w => Assert.InRange(w, 0, points.Length - 1));
        }
    }
}
