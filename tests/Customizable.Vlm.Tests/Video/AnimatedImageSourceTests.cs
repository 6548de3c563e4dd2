using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Video;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Video;

public sealed class AnimatedImageSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_GIF_is_timed_by_its_frame_delays()
    {
        int[] delays = [10, 20, 50, 0]; // 1/100 s; 0 is shown for 100 ms like browsers do
        string path = WriteAnimation("delays.gif", delays, gif: true);
        var reader = new VideoFrameReader();

        VideoMetadata metadata = await reader.ProbeAsync(VideoObservation.FromFile(path));
        List<VideoFrame> frames = await VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(path)));

        Assert.Equal((4L, "gif", 24, 16), (metadata.FrameCount, metadata.Codec, metadata.Width, metadata.Height));
        Assert.Equal(0.9, metadata.Duration.TotalSeconds, 6);
        Assert.Equal([0.0, 0.1, 0.3, 0.8], frames.Select(f => Math.Round(f.Timestamp.TotalSeconds, 6)));
        Assert.Equal([0.1, 0.2, 0.5, 0.1], frames.Select(f => Math.Round(f.Duration.TotalSeconds, 6)));
        Assert.Equal([0, 1, 2, 3], frames.Select(f => f.Index));
        Assert.Equal([0, 1, 2, 3], frames.Select(f => (int)Math.Round(f.Frame.Pixels.Span[0] / 60.0)));
    }

    [Fact]
    public async Task A_multi_frame_TIFF_uses_the_sequence_frame_rate()
    {
        string path = WriteAnimation("pages.tiff", [0, 0, 0], gif: false);
        var reader = new VideoFrameReader(new VideoDecodeOptions { SequenceFramesPerSecond = 4 });

        List<VideoFrame> frames = await VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(path)));

        Assert.Equal(3, frames.Count);
        Assert.Equal([0.0, 0.25, 0.5], frames.Select(f => f.Timestamp.TotalSeconds));
        Assert.Equal([0, 60, 120], frames.Select(f => (int)f.Frame.Pixels.Span[0]));
    }

    [Fact]
    public async Task A_multi_frame_TIFF_whose_tag_is_retyped_to_the_ICC_profile_is_refused_as_corrupt()
    {
        // Found by a fuzzer: an IFD entry's tag id rewritten to 34675 (ICC profile) made ImageSharp's metadata reader throw a raw
        // InvalidCastException from ReadFramesAsync (the probe passed).
        string path = WriteAnimation("pages.tiff", [0, 0, 0], gif: false);
        byte[] tiff = File.ReadAllBytes(path);
        Assert.Equal("II"u8.ToArray(), tiff[..2]);
        int ifd = BitConverter.ToInt32(tiff, 4);
        int entries = BitConverter.ToUInt16(tiff, ifd);
        int retyped = 0;
        for (int e = 0; e < entries; e++)
        {
            int at = ifd + 2 + (12 * e);
            if (BitConverter.ToUInt16(tiff, at) is 282 or 296)
            {
                BitConverter.TryWriteBytes(tiff.AsSpan(at, 2), (ushort)34675);
                retyped++;
            }
        }

        Assert.True(retyped > 0, "the TIFF has no resolution tag to retype");
        File.WriteAllBytes(path, tiff);
        var reader = new VideoFrameReader();

        var error = await Assert.ThrowsAnyAsync<InvalidObservationException>(() => VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(path))));

        Assert.Equal(path, error.SourceName);
    }

    [UnixFact]
    public async Task A_FIFO_named_like_a_GIF_or_TIFF_is_refused_without_being_opened()
    {
        // Found by a fuzzer: opening a FIFO for reading blocked until a writer appeared, whatever the token said.
        var reader = new VideoFrameReader();
        foreach (string name in new[] { "pipe.gif", "pipe.tiff" })
        {
            string path = Path.Combine(_temp.Path, name);
            FileKindTests.MakeFifo(path);

            Task<VideoMetadata> probe = reader.ProbeAsync(VideoObservation.FromFile(path)).AsTask();
            Task winner = await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.Same(probe, winner);
            var error = await Assert.ThrowsAnyAsync<InvalidObservationException>(() => probe);
            Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_frame_count_is_checked_before_the_GIF_is_decoded()
    {
        string path = WriteAnimation("many.gif", [5, 5, 5, 5, 5, 5], gif: true);
        var reader = new VideoFrameReader(new VideoDecodeOptions { MaxFrames = 4 });

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(() => reader.ProbeAsync(VideoObservation.FromFile(path)).AsTask());

        Assert.Equal(nameof(VideoDecodeOptions.MaxFrames), error.LimitName);
        Assert.True(error.Actual > 4);
    }

    [Fact]
    public async Task The_decoded_size_of_all_GIF_frames_is_bounded_before_decoding()
    {
        string path = WriteAnimation("big.gif", [5, 5, 5, 5, 5, 5], gif: true); // 6 frames x 24 x 16 x 3 = 6,912 bytes
        var reader = new VideoFrameReader(new VideoDecodeOptions { MaxWholeFileBytes = 5000 });

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(() => VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(path))));

        Assert.Equal((nameof(VideoDecodeOptions.MaxWholeFileBytes), 6912L), (error.LimitName, error.Actual));
    }

    [Fact]
    public async Task A_corrupt_GIF_raises_a_decoding_error_naming_the_file()
    {
        string whole = WriteAnimation("whole.gif", [5, 5, 5], gif: true);
        byte[] bytes = await File.ReadAllBytesAsync(whole);
        string broken = _temp.Write("broken.gif", bytes[..20]);

        var error = await Assert.ThrowsAnyAsync<InvalidObservationException>(
            () => VideoTestData.ToListAsync(new VideoFrameReader().ReadFramesAsync(VideoObservation.FromFile(broken))));

        Assert.Contains("broken.gif", error.Message, StringComparison.Ordinal);
    }

    [IntelVideoFact(needsFfmpeg: false)]
    public async Task The_Intel_people_GIF_decodes_all_its_frames_with_their_delays()
    {
        string path = Path.Combine(VideoTestData.IntelFolder!, "people-detection.gif");
        var reader = new VideoFrameReader();

        VideoMetadata metadata = await reader.ProbeAsync(VideoObservation.FromFile(path));
        List<VideoFrame> frames = await VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(path)));

        Assert.Equal((480, 270, 23L), (metadata.Width, metadata.Height, metadata.FrameCount));
        Assert.Equal(23, frames.Count);
        Assert.Equal(metadata.Duration.TotalSeconds, frames[^1].End.TotalSeconds, 6);
        Assert.InRange(frames[^1].End.TotalSeconds, 1.8, 2.0); // ffprobe reports 1.91 s
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Timestamp == p.First.End));
    }

    private string WriteAnimation(string name, int[] delays, bool gif)
    {
        using var image = new Image<Rgb24>(24, 16, new Rgb24(0, 0, 0));
        for (int i = 1; i < delays.Length; i++)
        {
            using var frame = new Image<Rgb24>(24, 16, new Rgb24((byte)(60 * i), (byte)(60 * i), (byte)(60 * i)));
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }

        if (gif)
        {
            for (int i = 0; i < delays.Length; i++)
            {
                image.Frames[i].Metadata.GetGifMetadata().FrameDelay = delays[i];
            }
        }

        string path = Path.Combine(_temp.Path, name);
        if (gif)
        {
            image.SaveAsGif(path, new GifEncoder { ColorTableMode = GifColorTableMode.Local });
        }
        else
        {
            image.SaveAsTiff(path, new TiffEncoder());
        }

        return path;
    }
}
