using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

public sealed class FrameSamplingTests
{
    private static readonly VideoFrameReader Reader = new();

    [Fact]
    public async Task Every_nth_frame_keeps_indices_and_times_and_each_frame_stands_until_the_next()
    {
        List<VideoFrame> frames = await SampleAsync(10, 10, FrameSampling.EveryNth(3));

        Assert.Equal([0, 3, 6, 9], frames.Select(f => f.Index));
        Assert.Equal([0.0, 0.3, 0.6, 0.9], frames.Select(f => Math.Round(f.Timestamp.TotalSeconds, 6)));
        Assert.Equal([0.3, 0.3, 0.3, 0.1], frames.Select(f => Math.Round(f.Duration.TotalSeconds, 6)));
        Assert.Equal([0, 3, 6, 9], frames.Select(f => (int)f.Frame.Pixels.Span[0]));
    }

    [Fact]
    public async Task A_target_rate_picks_the_first_frame_of_each_tick()
    {
        List<VideoFrame> frames = await SampleAsync(30, 10, FrameSampling.TargetRate(4));

        // Ticks every 0.25 s: 0, 0.25, 0.5 ... -> frames at 0, 0.3, 0.5, 0.8, 1.0 ...
        Assert.Equal([0, 3, 5, 8, 10, 13, 15, 18, 20, 23, 25, 28], frames.Select(f => f.Index));
        Assert.Equal(3.0, frames[^1].End.TotalSeconds, 6);
    }

    [Fact]
    public async Task K_uniform_key_frames_are_the_middles_of_K_equal_segments()
    {
        List<VideoFrame> frames = await SampleAsync(40, 10, FrameSampling.Uniform(4));
        List<VideoFrame> few = await SampleAsync(3, 10, FrameSampling.Uniform(8));

        Assert.Equal([5, 15, 25, 35], frames.Select(f => f.Index));
        Assert.Equal([1.0, 1.0, 1.0, 0.5], frames.Select(f => Math.Round(f.Duration.TotalSeconds, 6)));
        Assert.Equal([0, 1, 2], few.Select(f => f.Index));
    }

    [Fact]
    public async Task Uniform_sampling_keeps_the_last_frame_when_the_video_is_shorter_than_announced()
    {
        // The metadata announced 1,000 frames; only 10 arrive, all before the first segment's middle (frame 125).
        IAsyncEnumerable<VideoFrame> source = Reader.ReadFramesAsync(VideoObservation.FromFrames(VideoTestData.NumberedFrames(10), 10));

        List<VideoFrame> frames = await VideoTestData.ToListAsync(FrameSampler.SampleAsync(source, FrameSampling.Uniform(4), 1000));

        VideoFrame only = Assert.Single(frames);
        Assert.Equal(9, only.Index);
        Assert.Equal(0.1, only.Duration.TotalSeconds, 6);
    }

    [Fact]
    public async Task Change_based_key_frames_start_where_the_picture_changes()
    {
        // 0-9 empty, 10-14 a bright square appears, 15-19 empty again.
        var frames = new RawFrame[20];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = VideoTestData.Frame(64, 48, 40, i is >= 10 and < 15 ? new PixelRect(16, 12, 24, 20) : null);
        }

        List<VideoFrame> keys = await VideoTestData.ToListAsync(Reader.ReadFramesAsync(VideoObservation.FromFrames(frames, 10), FrameSampling.OnChange(8)));

        Assert.Equal([0, 10, 15], keys.Select(f => f.Index));
        Assert.Equal([1.0, 0.5, 0.5], keys.Select(f => Math.Round(f.Duration.TotalSeconds, 6)));
    }

    [Fact]
    public async Task All_frames_of_in_memory_video_come_with_their_own_period()
    {
        List<VideoFrame> frames = await SampleAsync(5, 25, FrameSampling.All);

        Assert.Equal(5, frames.Count);
        Assert.All(frames, f => Assert.Equal(0.04, f.Duration.TotalSeconds, 9));
        Assert.Equal(0.16, frames[^1].Timestamp.TotalSeconds, 9);
    }

    [Fact]
    public async Task Cancellation_is_honoured_between_frames()
    {
        using var cancellation = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (VideoFrame frame in Reader.ReadFramesAsync(VideoObservation.FromFrames(VideoTestData.NumberedFrames(10), 10), null, cancellation.Token))
            {
                seen++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    private static Task<List<VideoFrame>> SampleAsync(int count, double fps, FrameSampling sampling) =>
        VideoTestData.ToListAsync(Reader.ReadFramesAsync(VideoObservation.FromFrames(VideoTestData.NumberedFrames(count), fps), sampling));
}
