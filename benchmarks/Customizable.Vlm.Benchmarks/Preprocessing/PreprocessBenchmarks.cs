using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Preprocessing;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using CvSize = OpenCvSharp.Size;
using IsSize = SixLabors.ImageSharp.Size;

namespace Customizable.Vlm.Benchmarks.Preprocessing;

/// <summary>
/// RGB frame to normalised 224x224 NCHW float tensor. Scenario "Stretch": 1024x1024 resized directly to 224x224.
/// Scenario "Crop": 900x900, shorter side to 256, centre crop 224. Rows: ours (single thread; and 2 threads, labelled),
/// ImageSharp triangle resize + ProcessPixelRows normalisation, OpenCV INTER_AREA resize + blobFromImage (the baseline).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class PreprocessBenchmarks : IDisposable
{
    private const int Side = 224;
    private static readonly RgbTriple Mean = new(0.485f, 0.456f, 0.406f);
    private static readonly RgbTriple Std = new(0.229f, 0.224f, 0.225f);

    private RawFrame _large = null!;
    private RawFrame _medium = null!;
    private TensorPreprocessor _stretch = null!;
    private TensorPreprocessor _stretchParallel = null!;
    private TensorPreprocessor _crop = null!;
    private float[] _tensor = null!;
    private Image<Rgb24> _largeImage = null!;
    private Image<Rgb24> _mediumImage = null!;
    private Mat? _largeMat;
    private Mat? _mediumMat;
    private Mat? _resized;

    [GlobalSetup]
    public void Setup()
    {
        _large = Frame(1024, 1024, 1);
        _medium = Frame(900, 900, 2);
        var stretch = new TensorPreprocessorOptions { TargetWidth = Side, TargetHeight = Side, Mean = Mean, Std = Std };
        _stretch = new TensorPreprocessor(stretch);
        stretch.MaxDegreeOfParallelism = 2;
        _stretchParallel = new TensorPreprocessor(stretch);
        _crop = new TensorPreprocessor(new TensorPreprocessorOptions
        {
            TargetWidth = Side,
            TargetHeight = Side,
            ResizeMode = TensorResizeMode.ShorterSideThenCenterCrop,
            ResizeShorterSide = 256,
            Mean = Mean,
            Std = Std,
        });
        _tensor = new float[3 * Side * Side];
        _largeImage = Image.LoadPixelData<Rgb24>(_large.Pixels.Span, 1024, 1024);
        _mediumImage = Image.LoadPixelData<Rgb24>(_medium.Pixels.Span, 900, 900);
        if (OpenCvProbe.IsAvailable)
        {
            _largeMat = Mat.FromPixelData(1024, 1024, MatType.CV_8UC3, _large.Pixels.ToArray());
            _mediumMat = Mat.FromPixelData(900, 900, MatType.CV_8UC3, _medium.Pixels.ToArray());
            _resized = new Mat();
        }
    }

    [Benchmark, BenchmarkCategory("Stretch")]
    public void Ours_Stretch() => _stretch.Preprocess(_large, _tensor);

    [Benchmark, BenchmarkCategory("Stretch")]
    public void Ours_Stretch_2Threads() => _stretchParallel.Preprocess(_large, _tensor);

    [Benchmark, BenchmarkCategory("Stretch")]
    public void ImageSharp_Stretch()
    {
        using Image<Rgb24> resized = _largeImage.Clone(x => x.Resize(new ResizeOptions
        {
            Size = new IsSize(Side, Side),
            Sampler = KnownResamplers.Triangle,
            Mode = SixLabors.ImageSharp.Processing.ResizeMode.Stretch,
        }));
        Normalise(resized, _tensor);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Stretch")]
    public void OpenCv_Stretch()
    {
        Cv2.Resize(_largeMat!, _resized!, new CvSize(Side, Side), 0, 0, InterpolationFlags.Area);
        using Mat blob = CvDnn.BlobFromImage(_resized!, 1.0 / 255, new CvSize(Side, Side), new Scalar(0.485 * 255, 0.456 * 255, 0.406 * 255), swapRB: false, crop: false);
    }

    [Benchmark, BenchmarkCategory("Crop")]
    public void Ours_Crop() => _crop.Preprocess(_medium, _tensor);

    [Benchmark, BenchmarkCategory("Crop")]
    public void ImageSharp_Crop()
    {
        using Image<Rgb24> resized = _mediumImage.Clone(x => x
            .Resize(new ResizeOptions { Size = new IsSize(256, 256), Sampler = KnownResamplers.Triangle, Mode = SixLabors.ImageSharp.Processing.ResizeMode.Stretch })
            .Crop(new Rectangle(16, 16, Side, Side)));
        Normalise(resized, _tensor);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Crop")]
    public void OpenCv_Crop()
    {
        Cv2.Resize(_mediumMat!, _resized!, new CvSize(256, 256), 0, 0, InterpolationFlags.Area);
        using var cropped = new Mat(_resized!, new Rect(16, 16, Side, Side));
        using Mat blob = CvDnn.BlobFromImage(cropped, 1.0 / 255, new CvSize(Side, Side), new Scalar(0.485 * 255, 0.456 * 255, 0.406 * 255), swapRB: false, crop: false);
    }

    public void Dispose()
    {
        _largeImage?.Dispose();
        _mediumImage?.Dispose();
        _largeMat?.Dispose();
        _mediumMat?.Dispose();
        _resized?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static void Normalise(Image<Rgb24> image, float[] tensor)
    {
        int plane = image.Width * image.Height;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                int o = y * rows.Width;
                for (int x = 0; x < row.Length; x++)
                {
                    tensor[o + x] = ((row[x].R / 255f) - 0.485f) / 0.229f;
                    tensor[plane + o + x] = ((row[x].G / 255f) - 0.456f) / 0.224f;
                    tensor[(2 * plane) + o + x] = ((row[x].B / 255f) - 0.406f) / 0.225f;
                }
            }
        });
    }

    private static RawFrame Frame(int width, int height, int seed)
    {
        // A smooth gradient plus noise: realistic enough, and the same bytes for every library.
        var pixels = new byte[width * height * 3];
        var random = new Random(seed);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                pixels[i] = (byte)((x * 255 / width) ^ random.Next(32));
                pixels[i + 1] = (byte)((y * 255 / height) ^ random.Next(32));
                pixels[i + 2] = (byte)(((x + y) * 127 / width) ^ random.Next(32));
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }
}
