using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Video;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Video;

public sealed class ImageSequenceSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_folder_of_numbered_frames_is_read_in_numeric_order_at_the_configured_rate()
    {
        // 1.png .. 12.png: ordinal order would put 10, 11, 12 before 2.
        for (int i = 1; i <= 12; i++)
        {
            using var image = new Image<Rgb24>(40, 32, new Rgb24((byte)(i * 10), 0, 0));
            await image.SaveAsPngAsync(Path.Combine(_temp.Path, $"{i}.png"));
        }

        await File.WriteAllTextAsync(Path.Combine(_temp.Path, "readme.txt"), "not a frame");
        var reader = new VideoFrameReader(new VideoDecodeOptions { SequenceFramesPerSecond = 5 });

        VideoMetadata metadata = await reader.ProbeAsync(VideoObservation.FromFile(_temp.Path));
        List<VideoFrame> frames = await VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(_temp.Path)));

        Assert.Equal((40, 32, 12L, "image-sequence"), (metadata.Width, metadata.Height, metadata.FrameCount, metadata.Codec));
        Assert.Equal(2.4, metadata.Duration.TotalSeconds, 6);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i * 10), frames.Select(f => (int)f.Frame.Pixels.Span[0]));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => Math.Round(i * 0.2, 6)), frames.Select(f => Math.Round(f.Timestamp.TotalSeconds, 6)));
    }

    [Fact]
    public async Task An_empty_folder_and_a_frame_of_another_size_are_decoding_errors()
    {
        var reader = new VideoFrameReader();
        string empty = Directory.CreateDirectory(Path.Combine(_temp.Path, "empty")).FullName;
        string mixed = Directory.CreateDirectory(Path.Combine(_temp.Path, "mixed")).FullName;
        using (var a = new Image<Rgb24>(40, 32))
        using (var b = new Image<Rgb24>(32, 40))
        {
            await a.SaveAsPngAsync(Path.Combine(mixed, "001.png"));
            await b.SaveAsPngAsync(Path.Combine(mixed, "002.png"));
        }

        var none = await Assert.ThrowsAsync<VideoDecodingException>(() => VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(empty))));
        var size = await Assert.ThrowsAsync<VideoDecodingException>(() => VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(mixed))));

        Assert.Contains("empty", none.Message, StringComparison.Ordinal);
        Assert.Contains("002.png", size.Message, StringComparison.Ordinal);
    }

    [UcsdPed2Fact]
    public async Task The_UCSD_Ped2_test_clip_folder_reads_as_an_18_second_video_at_10_fps()
    {
        string folder = Path.Combine(VideoTestData.UcsdPed2Folder!, "testing", "frames", "01");
        var reader = new VideoFrameReader();

        VideoMetadata metadata = await reader.ProbeAsync(VideoObservation.FromFile(folder));
        List<VideoFrame> keys = await VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(folder), FrameSampling.Uniform(6)));

        Assert.Equal((360, 240, 180L), (metadata.Width, metadata.Height, metadata.FrameCount));
        Assert.Equal(18.0, metadata.Duration.TotalSeconds, 6);
        Assert.Equal([15, 45, 75, 105, 135, 165], keys.Select(f => f.Index));
        Assert.Equal([1.5, 4.5, 7.5, 10.5, 13.5, 16.5], keys.Select(f => Math.Round(f.Timestamp.TotalSeconds, 6)));
        Assert.Equal(18.0, keys[^1].End.TotalSeconds, 6);
    }

    [Fact]
    public void Natural_order_compares_digit_runs_as_numbers()
    {
        string[] names = ["10.jpg", "2.jpg", "001.jpg", "frame20.png", "frame3.png", "B.png", "a.png"];

        Array.Sort(names, NaturalFileNameComparer.Instance);

        Assert.Equal(["001.jpg", "2.jpg", "10.jpg", "a.png", "B.png", "frame3.png", "frame20.png"], names);
    }
}
