using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Testing.Fuzzing;
using Customizable.Vlm.Video;
using CsCheck;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace Customizable.Vlm.Tests.Video;

/// <summary>
/// Seeded mutations of the video sources that need no ffmpeg: an animated GIF, a multi-frame TIFF, and a folder of images (one
/// frame mutated at a time), probed and read to the end through <see cref="VideoFrameReader"/>. Each gives frames or an
/// <see cref="InvalidObservationException"/> (<see cref="VideoDecodingException"/>, a limit), within a time and allocation bound.
/// </summary>
/// <remarks>The reader works asynchronously: allocations made on other thread-pool threads escape the per-input bound, so the
/// frame limits in <see cref="Options"/> are what keeps memory small; the bound here catches what the calling thread allocates.</remarks>
public sealed class VideoSourceFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);
    private const long MaxBytesPerInput = 64L * 1024 * 1024;

    private static readonly VideoDecodeOptions Options = new() { MaxFramePixels = 1_000_000, MaxFrames = 64, MaxWholeFileBytes = 32L * 1024 * 1024 };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Animation(bool gif, int frames, bool deflate = false)
    {
        using var image = new Image<Rgb24>(8, 6, new Rgb24(0, 0, 0));
        for (int i = 1; i < frames; i++)
        {
            using Image<Rgb24> frame = TestImages.Noise(8, 6, seed: i);
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }

        for (int i = 0; gif && i < frames; i++)
        {
            image.Frames[i].Metadata.GetGifMetadata().FrameDelay = 5 * (i + 1);
        }

        using var stream = new MemoryStream();
        if (gif)
        {
            image.SaveAsGif(stream, new GifEncoder { ColorTableMode = GifColorTableMode.Local });
        }
        else
        {
            image.SaveAsTiff(stream, new TiffEncoder { Compression = deflate ? SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.Deflate : SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.None });
        }

        return stream.ToArray();
    }

    private static void ReadAll(VideoFrameReader reader, VideoObservation video)
    {
        // Reading probes the source first (frame count, size, duration against the limits), so one call covers both.
        List<VideoFrame> frames = VideoTestData.ToListAsync(reader.ReadFramesAsync(video)).GetAwaiter().GetResult();
        Assert.InRange(frames.Count, 1, Options.MaxFrames);
        Assert.All(frames, f => Assert.True(f.Frame.Width * (long)f.Frame.Height <= Options.MaxFramePixels));
    }

    [Fact]
    public async Task Mutated_GIF_and_TIFF_animations_give_frames_or_an_invalid_observation_in_bounded_time_and_memory()
    {
        List<byte[]> seeds = [Animation(gif: true, 2), Animation(gif: true, 3), Animation(gif: false, 2), Animation(gif: false, 2, deflate: true)];
        string gifPath = Path.Combine(_temp.Path, "fuzz.gif");
        string tiffPath = Path.Combine(_temp.Path, "fuzz.tiff");
        var reader = new VideoFrameReader(Options);
        foreach (byte[] seed in seeds)
        {
            string path = seed[0] == (byte)'G' ? gifPath : tiffPath;
            await File.WriteAllBytesAsync(path, seed);
            ReadAll(reader, VideoObservation.FromFile(path));
        }

        // One target: GIF and TIFF seeds share the 10,000 inputs; a mutated file keeps its seed's extension.
        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            "AnimatedImageSource(gif, tiff)",
            Fuzz.Mutations(seeds),
            data =>
            {
                string path = data.Length > 0 && data[0] == (byte)'G' ? gifPath : tiffPath;
                File.WriteAllBytes(path, data);
                ReadAll(reader, VideoObservation.FromFile(path));
            },
            ex => ex is InvalidObservationException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Refused > 0 && summary.Results > 0, summary.ToString());
    }

    [Fact]
    public async Task Image_sequences_with_one_mutated_frame_give_frames_or_an_invalid_observation_in_bounded_time_and_memory()
    {
        string folder = Path.Combine(_temp.Path, "sequence");
        Directory.CreateDirectory(folder);
        byte[][] frames = new byte[3][];
        for (int i = 0; i < frames.Length; i++)
        {
            using Image<Rgb24> image = TestImages.Noise(32, 32, seed: 40 + i);
            frames[i] = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Rgb });
            await File.WriteAllBytesAsync(Path.Combine(folder, $"frame_{i:D3}.png"), frames[i]);
        }

        var reader = new VideoFrameReader(Options);
        ReadAll(reader, VideoObservation.FromFile(folder));

        // 2,000 inputs, not 10,000: each reads a folder of three files through the loader (about 30 ms on a busy machine), and the
        // frame bytes are the PNG mutations ImageLoaderFuzzTests already runs 10,000 times; this target covers the folder handling.
        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            "ImageSequenceSource",
            Gen.Select(Fuzz.Mutations(frames, ImageLoaderFuzzTests.Segments), Gen.Int[0, frames.Length - 1]),
            input =>
            {
                (byte[] data, int index) = input;
                string file = Path.Combine(folder, $"frame_{index:D3}.png");
                File.WriteAllBytes(file, data);
                try
                {
                    ReadAll(reader, VideoObservation.FromFile(folder));
                }
                finally
                {
                    File.WriteAllBytes(file, frames[index]);
                }
            },
            ex => ex is InvalidObservationException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine,
            iterations: Math.Max(1, Fuzz.Iterations / 5));

        Assert.True(summary.Refused > 0 && summary.Results > 0, summary.ToString());
    }
}
