using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Evaluation.Tests;

public class MotionPairsTests
{
    [Fact]
    public async Task With_a_motion_gap_every_frame_is_scored_with_its_motion_view_against_the_frame_that_many_frames_earlier_in_its_clip()
    {
        using DatasetTree tree = UcsdTree.Create();
        EvaluationDataset dataset = DatasetReader.Read(tree.Root, UcsdTree.Category);
        var recorder = new PromptRecorder(new BrightnessReasoner());
        var inspector = new AnomalyInspector(recorder, encoders: [new ImageEncoder(), MotionPairs.Encoder()]);
        var runner = new EvaluationRunner(inspector, new EvaluationOptions { Shots = 4, MotionFrameGap = 3 });

        EvaluationResult result = await runner.RunAsync(dataset);

        // 22 test frames (clips 01 and 03), each inspected once with its frame view (slot 0) and its motion view (slot 1).
        Assert.Equal(22, result.Predictions.Count);
        List<AnomalyPrompt> inspections = recorder.Prompts;
        Assert.Equal(22, inspections.Count);
        Assert.All(inspections, p => Assert.Equal([0, VideoEncoder.MotionSlot], p.QueryViews.Select(v => v.Slot)));

        // Frame 5 of clip 01 against frame 2 of the same clip: the motion view is their grey-level difference times 4.
        var loader = new ImageLoader();
        string clip = Path.Combine(tree.Root, UcsdTree.Category, "testing", "frames", "01");
        RawFrame frame5 = loader.ToRgb24(await loader.LoadAsync(Path.Combine(clip, "5.png")));
        RawFrame frame2 = loader.ToRgb24(await loader.LoadAsync(Path.Combine(clip, "2.png")));
        AnomalyPrompt fifth = Assert.Single(inspections, p => p.QueryViews[0].Frame.Pixels.Span.SequenceEqual(frame5.Pixels.Span));
        RawFrame motion = fifth.QueryViews[1].Frame;
        double expected = Math.Min(255, 4 * Math.Abs(Grey(frame5, 7, 9) - Grey(frame2, 7, 9)));
        Assert.Equal(expected, motion.GetRow(9)[3 * 7], 0.51);

        // The first frame of a clip is compared with itself: a black motion view.
        RawFrame frame0 = loader.ToRgb24(await loader.LoadAsync(Path.Combine(clip, "0.png")));
        AnomalyPrompt first = Assert.Single(inspections, p => p.QueryViews[0].Frame.Pixels.Span.SequenceEqual(frame0.Pixels.Span));
        Assert.All(first.QueryViews[1].Frame.Pixels.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_negative_motion_gap_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationOptions { MotionFrameGap = -1 }.Validate());
    }

    private static double Grey(RawFrame frame, int x, int y)
    {
        ReadOnlySpan<byte> row = frame.GetRow(y);
        return (0.299 * row[3 * x]) + (0.587 * row[(3 * x) + 1]) + (0.114 * row[(3 * x) + 2]);
    }
}
