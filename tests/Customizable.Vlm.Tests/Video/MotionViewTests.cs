using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

public class MotionViewTests
{
    /// <summary>A 40x30 grey clip in which a 6x6 bright square moves 4 pixels to the right per frame.</summary>
    private static IReadOnlyList<RawFrame> MovingSquare(int count) =>
        [.. Enumerable.Range(0, count).Select(i => VideoTestData.Frame(40, 30, 60, new PixelRect(2 + (i % 8 * 4), 10, 6, 6), squareGrey: 200))];

    private static byte Pixel(RawFrame frame, int x, int y) => frame.GetRow(y)[3 * x];

    [Fact]
    public async Task With_a_motion_gap_each_frame_view_is_followed_by_a_slot_1_view_of_what_moved_since_the_earlier_frame()
    {
        var encoder = new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(3), MotionFrameGap = 2, MotionGain = 1 });
        VideoObservation video = VideoObservation.FromFrames(MovingSquare(7), 10, "clip");

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(video);

        Assert.Equal(6, views.Count);
        Assert.Equal([0, 1, 0, 1, 0, 1], views.Select(v => v.Slot));
        Assert.Equal([0, 1, 2, 3, 4, 5], views.Select(v => v.Index));
        Assert.Equal(
            ["t=0.00s (frame 0)", "motion t=0.00s (frame 0 - frame 0)", "t=0.30s (frame 3)", "motion t=0.30s (frame 3 - frame 1)", "t=0.60s (frame 6)", "motion t=0.60s (frame 6 - frame 4)"],
            views.Select(v => v.Label));

        // Frame 0 against itself: no motion anywhere.
        Assert.All(views[1].Frame.Pixels.ToArray(), b => Assert.Equal(0, b));

        // Frame 3 (square at x 14-19) against frame 1 (x 6-11): the difference 140 (gain 1) where either square is, 0 elsewhere.
        RawFrame motion = views[3].Frame;
        Assert.Equal((40, 30, PixelFormat.Rgb24), (motion.Width, motion.Height, motion.Format));
        Assert.Equal(140, Pixel(motion, 7, 12));
        Assert.Equal(140, Pixel(motion, 16, 12));
        Assert.Equal(0, Pixel(motion, 30, 12));
        Assert.Equal(0, Pixel(motion, 16, 2));

        // The motion view maps back to the same frame and time span as its frame view.
        var frameWhen = Assert.IsType<TimeRangeLocation>(views[2].Provenance.MapToSource(new PixelRect(1, 1, 2, 2)));
        var motionWhen = Assert.IsType<TimeRangeLocation>(views[3].Provenance.MapToSource(new PixelRect(1, 1, 2, 2)));
        Assert.Equal((frameWhen.FirstFrame, frameWhen.Start, frameWhen.End), (motionWhen.FirstFrame, motionWhen.Start, motionWhen.End));
    }

    [Fact]
    public async Task The_gain_scales_the_difference_and_clips_it_to_white()
    {
        var encoder = new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.All, MotionFrameGap = 1, MotionGain = 4 });
        RawFrame dark = VideoTestData.Frame(8, 8, 100), lighter = VideoTestData.Frame(8, 8, 110), light = VideoTestData.Frame(8, 8, 200);

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(VideoObservation.FromFrames([dark, lighter, light], 10));

        Assert.Equal(40, Pixel(views[3].Frame, 3, 3));
        Assert.Equal(255, Pixel(views[5].Frame, 3, 3));
    }

    [Fact]
    public async Task Each_sampled_frame_gets_the_frame_exactly_the_gap_before_it_even_when_the_sampler_holds_frames_back()
    {
        // Uniform sampling yields a frame only when the next one is chosen; the earlier frame must still be the one `gap` before.
        var encoder = new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.Uniform(4), MotionFrameGap = 3 });
        VideoObservation video = VideoObservation.FromFrames(VideoTestData.NumberedFrames(40), 10);

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(video);

        string[] motion = [.. views.Where(v => v.Slot == VideoEncoder.MotionSlot).Select(v => v.Label!)];
        Assert.Equal(["motion t=0.50s (frame 5 - frame 2)", "motion t=1.50s (frame 15 - frame 12)", "motion t=2.50s (frame 25 - frame 22)", "motion t=3.50s (frame 35 - frame 32)"], motion);

        // Frames are told apart by the red byte of their first pixel (their index): 0.299 * |5 - 2| grey levels, times the default
        // gain 4, rounds to 4.
        EncodedView first = views.First(v => v.Slot == VideoEncoder.MotionSlot);
        Assert.Equal(4, Pixel(first.Frame, 0, 0));
    }

    [Fact]
    public async Task Without_a_motion_gap_there_are_no_motion_views()
    {
        IReadOnlyList<EncodedView> views = await new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.All }).EncodeAsync(VideoObservation.FromFrames(MovingSquare(3), 10));

        Assert.Equal(3, views.Count);
        Assert.All(views, v => Assert.Equal(0, v.Slot));
    }

    [Fact]
    public void A_negative_gap_or_a_gain_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoEncoder(new VideoEncoderOptions { MotionFrameGap = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoEncoder(new VideoEncoderOptions { MotionGain = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoEncoder(new VideoEncoderOptions { MotionGain = float.NaN }));
    }

    [Fact]
    public void Frames_of_different_sizes_have_no_motion_view()
    {
        var small = new VideoFrame(1, TimeSpan.Zero, TimeSpan.FromSeconds(0.1), VideoTestData.Frame(8, 8, 0));
        var large = new VideoFrame(0, TimeSpan.Zero, TimeSpan.FromSeconds(0.1), VideoTestData.Frame(16, 8, 0));

        Assert.Throws<InvalidObservationException>(() => VideoEncoder.CreateMotionView(small, large, null, 0));
    }

    [Fact]
    public void A_frame_with_a_frame_view_and_a_motion_view_is_one_inspected_frame_scored_by_its_higher_view()
    {
        var frame = new RawFrame(64, 48, PixelFormat.Rgb24, new byte[64 * 48 * 3]);
        var views = new List<EncodedView>();
        for (int i = 0; i < 4; i++)
        {
            var provenance = new VideoProvenance([new VideoTile(new PixelRect(0, 0, 64, 48), i, TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(1), 64, 48)]);
            views.Add(new EncodedView(frame, provenance, $"frame {i}", null, views.Count) { Slot = 0 });
            views.Add(new EncodedView(frame, provenance, $"motion {i}", null, views.Count) { Slot = VideoEncoder.MotionSlot });
        }

        var verdict = new AnomalyVerdict
        {
            Score = 0.9,
            ViewScores = [0.1, 0.2, 0.3, 0.9, 0.8, 0.7, 0.1, 0.1],
            Regions = [new AnomalyRegion(3, new PixelRect(4, 4, 8, 8)) { Score = 0.9 }],
        };

        TemporalSegments.Apply(verdict, views, radius: 0);

        Assert.Equal([0.2, 0.9, 0.8, 0.1], verdict.FrameScores.Select(f => f.Score));
        Assert.Equal([0, 1, 2, 3], verdict.FrameScores.Select(f => f.FrameIndex));
        AnomalyRegion segment = Assert.Single(verdict.Regions);
        Assert.Equal(3, segment.ViewIndex);
        var when = Assert.IsType<TimeRangeLocation>(segment.SourceLocation);
        Assert.Equal((1, 2), (when.FirstFrame, when.LastFrame));
        Assert.Equal(new PixelRect(4, 4, 8, 8), when.FrameBox);
        Assert.Equal(0.9, verdict.Score, 9);
    }
}
