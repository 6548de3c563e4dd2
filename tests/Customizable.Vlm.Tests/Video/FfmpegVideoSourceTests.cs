using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

public sealed class FfmpegVideoSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [FfmpegFact]
    public async Task A_generated_clip_is_probed_then_streamed_with_indices_and_timestamps()
    {
        string path = VideoTestData.GenerateClip(_temp.Path, "clip.mp4", seconds: 2, fps: 10);
        var reader = new VideoFrameReader();
        VideoObservation video = VideoObservation.FromFile(path);

        VideoMetadata metadata = await reader.ProbeAsync(video);
        List<VideoFrame> frames = await VideoTestData.ToListAsync(reader.ReadFramesAsync(video));

        Assert.Equal((160, 120, 20L, 0), (metadata.Width, metadata.Height, metadata.FrameCount, metadata.Rotation));
        Assert.Equal(10, metadata.FramesPerSecond, 6);
        Assert.Equal(2.0, metadata.Duration.TotalSeconds, 2);
        Assert.Equal(20, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(i, frames[i].Index);
            Assert.Equal(i * 0.1, frames[i].Timestamp.TotalSeconds, 6);
            Assert.Equal(0.1, frames[i].Duration.TotalSeconds, 6);
            Assert.Equal((160, 120, PixelFormat.Rgb24), (frames[i].Frame.Width, frames[i].Frame.Height, frames[i].Frame.Format));
        }

        // testsrc moves: consecutive frames differ.
        Assert.False(frames[0].Frame.Pixels.Span.SequenceEqual(frames[5].Frame.Pixels.Span));
    }

    [FfmpegFact]
    public async Task A_rotated_clip_reports_the_rotation_and_the_displayed_size()
    {
        string plain = VideoTestData.GenerateClip(_temp.Path, "plain.mp4", seconds: 1, fps: 10);
        string rotated = Path.Combine(_temp.Path, "rotated.mp4");
        VideoTestData.RunFfmpeg($"-v error -y -i \"{plain}\" -c copy -metadata:s:v:0 rotate=90 \"{rotated}\"");
        var reader = new VideoFrameReader();

        VideoMetadata metadata = await reader.ProbeAsync(VideoObservation.FromFile(rotated));
        List<VideoFrame> frames = await VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(rotated)));

        Assert.Equal((120, 160), (metadata.Width, metadata.Height));
        Assert.Equal(90, metadata.Rotation % 180);
        Assert.Equal(10, frames.Count);
        Assert.All(frames, f => Assert.Equal((120, 160), (f.Frame.Width, f.Frame.Height)));
    }

    [FfmpegFact]
    public async Task A_truncated_mp4_raises_a_decoding_error_naming_the_file()
    {
        string path = VideoTestData.GenerateClip(_temp.Path, "whole.mp4", seconds: 2, fps: 10);
        byte[] bytes = await File.ReadAllBytesAsync(path);
        string truncated = _temp.Write("truncated.mp4", bytes[..(bytes.Length / 2)]);

        var error = await Assert.ThrowsAsync<VideoDecodingException>(
            () => VideoTestData.ToListAsync(new VideoFrameReader().ReadFramesAsync(VideoObservation.FromFile(truncated))));

        Assert.Contains("truncated.mp4", error.Message, StringComparison.Ordinal);
    }

    [FfmpegFact]
    public async Task A_file_that_is_not_a_video_raises_a_decoding_error_naming_the_file()
    {
        string path = _temp.Write("notes.mp4", "just some text, not a video at all\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<VideoDecodingException>(() => new VideoFrameReader().ProbeAsync(VideoObservation.FromFile(path)).AsTask());

        Assert.Contains("notes.mp4", error.Message, StringComparison.Ordinal);
    }

    [FfmpegFact]
    public async Task An_audio_only_file_has_no_video_stream()
    {
        string path = Path.Combine(_temp.Path, "tone.wav");
        VideoTestData.RunFfmpeg($"-v error -y -f lavfi -i sine=frequency=440:duration=1 \"{path}\"");

        var error = await Assert.ThrowsAsync<VideoDecodingException>(
            () => VideoTestData.ToListAsync(new VideoFrameReader().ReadFramesAsync(VideoObservation.FromFile(path))));

        Assert.Contains("no video stream", error.Message, StringComparison.Ordinal);
        Assert.Contains("tone.wav", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("930000000000")]   // just above TimeSpan's range (about 9.22e11 s): found by a fuzzer, OverflowException before
    [InlineData("1e300")]
    public void A_duration_beyond_what_TimeSpan_holds_is_refused_by_the_limits_not_an_overflow(string seconds)
    {
        string json = $$"""{"streams":[{"width":64,"height":48,"avg_frame_rate":"25/1","duration":"{{seconds}}","codec_name":"h264"}]}""";

        VideoMetadata metadata = FfmpegVideoSource.ParseProbe("huge.mkv", json);

        Assert.Equal(TimeSpan.MaxValue, metadata.Duration);
        var error = Assert.Throws<InputLimitExceededException>(() => new VideoDecodeOptions().CheckLimits("huge.mkv", metadata));
        Assert.Equal("huge.mkv", error.SourceName);
    }

    [Fact]
    public async Task A_missing_ffmpeg_raises_a_typed_error_that_says_how_to_install_it()
    {
        string video = _temp.Write("clip.mp4", [0, 0, 0, 24, 102, 116, 121, 112]);
        string missing = Path.Combine(_temp.Path, "no-such-dir", "ffmpeg");
        var reader = new VideoFrameReader(new VideoDecodeOptions { FfmpegPath = missing });

        var error = await Assert.ThrowsAsync<FfmpegNotFoundException>(
            () => VideoTestData.ToListAsync(reader.ReadFramesAsync(VideoObservation.FromFile(video))));

        Assert.False(reader.IsFfmpegAvailable);
        Assert.Contains("install", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CustomizableVlmException>(error);
    }

    [FfmpegFact]
    public async Task Cancelling_mid_stream_leaves_no_ffmpeg_process_behind()
    {
        string path = VideoTestData.GenerateClip(_temp.Path, "long.mp4", seconds: 10, fps: 10, width: 320, height: 240);
        var started = new List<int>();
        var reader = new VideoFrameReader(null, started.Add);
        using var cancellation = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (VideoFrame frame in reader.ReadFramesAsync(VideoObservation.FromFile(path), cancellationToken: cancellation.Token))
            {
                if (++seen == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
        Assert.Equal(2, started.Count); // ffprobe, then one ffmpeg for all frames
        Assert.All(started, pid => Assert.False(VideoTestData.IsAlive(pid), $"process {pid} is still alive"));
    }

    [FfmpegFact]
    public async Task Stopping_early_ends_the_ffmpeg_process()
    {
        string path = VideoTestData.GenerateClip(_temp.Path, "long.mp4", seconds: 10, fps: 10, width: 320, height: 240);
        var started = new List<int>();
        var reader = new VideoFrameReader(null, started.Add);

        await foreach (VideoFrame frame in reader.ReadFramesAsync(VideoObservation.FromFile(path)))
        {
            if (frame.Index == 4)
            {
                break;
            }
        }

        Assert.Equal(2, started.Count);
        Assert.All(started, pid => Assert.False(VideoTestData.IsAlive(pid), $"process {pid} is still alive"));
    }

    [FfmpegFact]
    public async Task Limits_are_checked_before_any_frame_is_decoded()
    {
        string path = VideoTestData.GenerateClip(_temp.Path, "clip.mp4", seconds: 2, fps: 10);
        var started = new List<int>();
        VideoObservation video = VideoObservation.FromFile(path);

        var frames = await Assert.ThrowsAsync<InputLimitExceededException>(
            () => VideoTestData.ToListAsync(new VideoFrameReader(new VideoDecodeOptions { MaxFrames = 5 }, started.Add).ReadFramesAsync(video)));
        var pixels = await Assert.ThrowsAsync<InputLimitExceededException>(
            () => VideoTestData.ToListAsync(new VideoFrameReader(new VideoDecodeOptions { MaxFramePixels = 100 * 100 }).ReadFramesAsync(video)));
        var duration = await Assert.ThrowsAsync<InputLimitExceededException>(
            () => VideoTestData.ToListAsync(new VideoFrameReader(new VideoDecodeOptions { MaxDuration = TimeSpan.FromSeconds(1) }).ReadFramesAsync(video)));

        Assert.Equal((nameof(VideoDecodeOptions.MaxFrames), 20L, 5L), (frames.LimitName, frames.Actual, frames.Maximum));
        Assert.Equal(nameof(VideoDecodeOptions.MaxFramePixels), pixels.LimitName);
        Assert.StartsWith(nameof(VideoDecodeOptions.MaxDuration), duration.LimitName, StringComparison.Ordinal);
        Assert.Single(started); // only ffprobe ran
    }

    [IntelVideoFact]
    public async Task The_Intel_bottle_clip_gives_its_real_metadata_and_frame_times()
    {
        string path = Path.Combine(VideoTestData.IntelFolder!, "bottle-detection.mp4");
        var reader = new VideoFrameReader();
        VideoObservation video = VideoObservation.FromFile(path);

        VideoMetadata metadata = await reader.ProbeAsync(video);
        var frames = new List<VideoFrame>();
        await foreach (VideoFrame frame in reader.ReadFramesAsync(video))
        {
            frames.Add(frame);
            if (frames.Count == 60)
            {
                break;
            }
        }

        Assert.Equal((640, 360, "h264"), (metadata.Width, metadata.Height, metadata.Codec));
        Assert.Equal(179.0 / 6, metadata.FramesPerSecond, 6);
        Assert.Equal(1189, metadata.FrameCount);
        Assert.InRange(metadata.Duration.TotalSeconds, 39.8, 39.9);
        Assert.Equal(60, frames.Count);
        Assert.Equal(59 * 6.0 / 179, frames[59].Timestamp.TotalSeconds, 6);
        Assert.Contains(frames, f => f.Frame.Pixels.Span.IndexOfAnyExcept((byte)0) >= 0);
    }
}
