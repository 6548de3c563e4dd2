using System.Numerics;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Benchmarks.PointClouds;

/// <summary>
/// Point-cloud rendering, one core, six 224x224 views. Clouds: a generated 1,000,000-point sphere with normals, and a real scan
/// (<c>../shared/data/pointclouds/pcd/binary/open3d_fragment.pcd</c>, 113,662 points with normals; left out with a message when
/// the shared data is absent). Rows: <c>Encode</c> is the path users call (normalise, voxel density, splat, shade, provenance);
/// <c>Splat</c> is the z-buffer splatting of the six views alone on a prepared cloud
/// (<c>SplatScalar</c> the same with the vector path off); <c>Naive</c> is the baseline
/// (<see cref="NaiveSplatRenderer"/>). Point-splats per second = points x 6 / time.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class PointCloudRenderBenchmarks : IDisposable
{
    private const int Size = 224;
    private PointCloud _cloud = null!;
    private PointCloudEncoder _encoder = null!;
    private PointCloudEncoderOptions _options = null!;
    private PreparedCloud _prepared = null!;
    private IReadOnlyList<ViewCamera> _cameras = null!;
    private float[] _depth = null!;
    private int[] _winners = null!;
    private Vector3[] _points = null!;
    private Vector3[] _normals = null!;
    private Matrix4x4[] _views = null!;
    private float _naiveHalfSize;

    /// <summary>Gets the clouds available on this machine.</summary>
    public static IEnumerable<string> Clouds()
    {
        yield return "generated-1M";
        if (RealScanPath() is not null)
        {
            yield return "open3d_fragment";
        }
        else
        {
            Console.WriteLine("../shared/data/pointclouds is absent: the real-scan case is left out.");
        }
    }

    [ParamsSource(nameof(Clouds))]
    public string Cloud { get; set; } = "generated-1M";

    [GlobalSetup]
    public void Setup()
    {
        _cloud = Cloud == "generated-1M" ? Sphere(1_000_000) : new PointCloudReader().Read(RealScanPath()!);
        _options = new PointCloudEncoderOptions { ViewSize = Size, MaxDegreeOfParallelism = 1 };
        _encoder = new PointCloudEncoder(_options);
        _prepared = PreparedCloud.Create(_cloud.Positions, _cloud.Normals, _cloud.Colors, _options, null, default);
        _cameras = ViewCamera.For(PointCloudViewPreset.Fast6);
        _depth = new float[Size * Size];
        _winners = new int[Size * Size];
        _points = _cloud.Positions.ToArray();
        _normals = _cloud.Normals!.Value.ToArray();

        // The baseline gets the same cameras and a fixed splat of the mean spacing (in pixels).
        _views = _cameras.Select(c => _prepared.CloudToNormalised * PointCloudRenderer.ViewMatrix(c, Size, perspective: false)).ToArray();
        _naiveHalfSize = MathF.Min(4, _prepared.Radius.AsSpan(0, _prepared.Count).ToArray().Average() * Size * 0.5f * PointCloudRenderer.Fill);
    }

    [Benchmark(Baseline = true)]
    public int Naive() => NaiveSplatRenderer.Render(_points, _normals, _views, Size, _naiveHalfSize);

    [Benchmark]
    public int Encode() => _encoder.Encode(_cloud).Count;

    [Benchmark]
    public int Splat() => SplatViews(vectorised: true);

    /// <summary>The same splatting with the vector path off: the scalar loop the renderer had before it (the "before" row).</summary>
    [Benchmark]
    public int SplatScalar() => SplatViews(vectorised: false);

    private int SplatViews(bool vectorised)
    {
        int first = 0;
        foreach (ViewCamera camera in _cameras)
        {
            PointCloudRenderer.Splat(_prepared, camera, Size, perspective: false, _options.MaxSplatRadius, _depth, _winners, vectorised);
            first += _winners[(Size * Size / 2) + (Size / 2)];
        }

        return first;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _prepared?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static PointCloud Sphere(int count)
    {
        var points = new Vector3[count];
        float golden = MathF.PI * (3 - MathF.Sqrt(5));
        for (int i = 0; i < count; i++)
        {
            float y = 1 - (2 * (i + 0.5f) / count);
            float r = MathF.Sqrt(1 - (y * y));
            points[i] = new Vector3(MathF.Cos(golden * i) * r, y, MathF.Sin(golden * i) * r) * 50;
        }

        return new PointCloud(points, normals: points.Select(Vector3.Normalize).ToArray(), sourceName: "sphere");
    }

    private static string? RealScanPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                string path = Path.Combine(dir.FullName, "..", "shared", "data", "pointclouds", "pcd", "binary", "open3d_fragment.pcd");
                return File.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}
