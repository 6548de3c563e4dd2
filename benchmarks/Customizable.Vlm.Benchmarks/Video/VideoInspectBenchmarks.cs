using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Benchmarks.Reasoning;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Benchmarks.Video;

/// <summary>
/// End-to-end inspected frames per second with the embedded reasoner, through the path users call:
/// <c>InspectAsync(profile, VideoObservation.FromFile(folder))</c> on a folder of <see cref="Frames"/> PNG frames (320x240, every
/// frame sampled; decoded, encoded and scored as a stream). Baseline: the backbone run once per frame (<c>BatchSize = 1</c>, how
/// inspection worked before batching); against it the same inspection with frames batched through the backbone
/// (<c>BatchSize = 8</c>), and the batched inspection with motion views (two views per frame). Frames per second =
/// <see cref="Frames"/> / mean time. Needs no ffmpeg.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class VideoInspectBenchmarks
{
    private const int Width = 320, Height = 240;

    private string _folder = null!;
    private string _clip = null!;
    private readonly List<IDisposable> _owned = [];
    private (AnomalyInspector Inspector, InspectionProfile Profile) _unbatched, _batched, _motion;

    /// <summary>Gets or sets the number of frames in the inspected clip.</summary>
    [Params(16)]
    public int Frames { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "cvlm-video-inspect-bench-" + Guid.NewGuid().ToString("N"));
        string references = Directory.CreateDirectory(Path.Combine(_folder, "normal")).FullName;
        _clip = Directory.CreateDirectory(Path.Combine(_folder, "clip")).FullName;
        for (int i = 0; i < 8; i++)
        {
            File.WriteAllBytes(Path.Combine(references, $"{i:000}.png"), FrameEncoding.ToPng(Scene(i, defect: false)));
        }

        for (int i = 0; i < Frames; i++)
        {
            File.WriteAllBytes(Path.Combine(_clip, $"{i:000}.png"), FrameEncoding.ToPng(Scene(i, defect: i >= Frames / 2)));
        }

        _unbatched = Create(batchSize: 1, motionGap: 0);
        _batched = Create(batchSize: 8, motionGap: 0);
        _motion = Create(batchSize: 8, motionGap: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One backbone run per frame.</summary>
    [Benchmark(Baseline = true)]
    public AnomalyVerdict Unbatched() => Inspect(_unbatched);

    /// <summary>Frames through the backbone eight at a time.</summary>
    [Benchmark]
    public AnomalyVerdict Batched() => Inspect(_batched);

    /// <summary>Batched, with a motion view per frame (twice the backbone work).</summary>
    [Benchmark]
    public AnomalyVerdict BatchedWithMotion() => Inspect(_motion);

    private AnomalyVerdict Inspect((AnomalyInspector Inspector, InspectionProfile Profile) setup) =>
        setup.Inspector.InspectAsync(setup.Profile, VideoObservation.FromFile(_clip)).GetAwaiter().GetResult();

    private (AnomalyInspector Inspector, InspectionProfile Profile) Create(int batchSize, int motionGap)
    {
        var reasoner = new FeatureReasoner(new FeatureReasonerOptions { BatchSize = batchSize });
        _owned.Add(reasoner);
        var encoder = new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.All, MotionFrameGap = motionGap });
        var inspector = new AnomalyInspector(reasoner, encoders: [encoder]);
        var spec = new InspectionSpec();
        spec.References.Add(VideoObservation.FromFile(Path.Combine(_folder, "normal")));
        return (inspector, inspector.CustomizeAsync(spec).GetAwaiter().GetResult());
    }

    /// <summary>A synthetic part on a plain background, shifted a little per frame; a defect from the middle of the clip.</summary>
    private static RawFrame Scene(int index, bool defect)
    {
        RawFrame part = SyntheticParts.Create(Height, defect ? 1000 + index : index);
        byte[] pixels = new byte[Width * Height * 3];
        pixels.AsSpan().Fill(70);
        int left = (Width - part.Width) / 2 + (index % 8);
        for (int y = 0; y < part.Height; y++)
        {
            part.GetRow(y).CopyTo(pixels.AsSpan(((y * Width) + left) * 3, part.Width * 3));
        }

        return new RawFrame(Width, Height, PixelFormat.Rgb24, pixels);
    }
}
