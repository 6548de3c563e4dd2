using Customizable.Vlm.Prompting;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

/// <summary>The key-frame grid shown to vision-language models: frame grouping, the composer's tile legend, tile answers.</summary>
public sealed class KeyFrameGridTests
{
    [Fact]
    public async Task More_key_frames_than_tiles_are_merged_into_evenly_sized_groups_that_tile_the_whole_clip()
    {
        // 100 frames at 10 fps, every one chosen: a 3x3 grid holds 9 groups of 8 to 16 frames, together 0-10 s.
        VideoObservation video = VideoObservation.FromFrames(VideoTestData.NumberedFrames(100), 10, "clip");

        EncodedView grid = await new VideoEncoder().EncodeKeyFrameGridAsync(video, FrameSampling.All, columns: 3, maxSide: 256, CancellationToken.None);

        IReadOnlyList<VideoTile> tiles = ((VideoProvenance)grid.Provenance).Tiles;
        Assert.Equal(9, tiles.Count);
        Assert.Equal(TimeSpan.Zero, tiles[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(10), tiles[^1].Start + tiles[^1].Duration);
        for (int i = 0; i < tiles.Count; i++)
        {
            Assert.InRange(tiles[i].Duration.TotalSeconds, 0.8 - 1e-9, 1.6 + 1e-9);
            Assert.Equal((int)Math.Round(tiles[i].Start.TotalSeconds * 10), tiles[i].FrameIndex);
            if (i > 0)
            {
                Assert.Equal(tiles[i - 1].Start + tiles[i - 1].Duration, tiles[i].Start);
            }
        }
    }

    [Fact]
    public async Task The_composer_names_each_tile_with_its_time_span_before_the_grid_and_asks_for_tile_numbers_after_it()
    {
        VideoFrame[] frames = [.. Enumerable.Range(0, 4).Select(i => new VideoFrame(
            (i * 5) + 2, TimeSpan.FromSeconds((i * 0.5) + 0.2), TimeSpan.FromSeconds(0.5), VideoTestData.Frame(80, 60, (byte)(30 + (i * 50)))))];
        EncodedView grid = VideoGrid.Compose(frames, columns: 2, maxSide: 256);
        var spec = new InspectionSpec { TaskDescription = "Find intruders." };

        AnomalyPrompt prompt = await new DefaultPromptComposer().ComposeAsync(new PromptContext(spec, [], [grid]));

        int legend = IndexOf(prompt, p => p is TextPromptPart { Role: PromptTextRole.Caption } t && t.Text.Contains("4 key frames", StringComparison.Ordinal));
        int image = IndexOf(prompt, p => p is ImagePromptPart { Role: PromptImageRole.Query });
        int instruction = IndexOf(prompt, p => p is TextPromptPart t && t.Text == DefaultPromptComposer.TileAnswerInstruction);
        Assert.True(legend >= 0 && legend < image && image < instruction, $"legend {legend}, image {image}, instruction {instruction}");
        string text = ((TextPromptPart)prompt.Parts[legend]).Text;
        Assert.Contains("tile 1: t=0.20-0.70s (frame 2)", text, StringComparison.Ordinal);
        Assert.Contains("tile 3: t=1.20-1.70s (frame 12)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tile 5", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_frame_view_gets_no_tile_legend()
    {
        EncodedView frame = VideoEncoder.CreateView(new VideoFrame(0, TimeSpan.Zero, TimeSpan.FromSeconds(0.1), VideoTestData.Frame(40, 30, 90)), null, 0);

        AnomalyPrompt prompt = await new DefaultPromptComposer().ComposeAsync(new PromptContext(new InspectionSpec { TaskDescription = "x" }, [], [frame]));

        Assert.DoesNotContain(prompt.Parts, p => p is TextPromptPart t && (t.Text.Contains("key frames", StringComparison.Ordinal) || t.Text == DefaultPromptComposer.TileAnswerInstruction));
    }

    [Theory]
    [InlineData("{\"is_anomalous\": true, \"tiles\": [3, 1]}", 9, new[] { 3, 1 })]
    [InlineData("Format: {\"tiles\": [1]}. Answer: {\"is_anomalous\": true, \"tiles\": [4]}", 9, new[] { 4 })]
    [InlineData("<think>tiles: [2]</think>{'tile': 5}", 9, new[] { 5 })]
    [InlineData("\"tiles\": [0, 10, 9, 9]", 9, new[] { 9 })]
    [InlineData("no tile numbers here", 9, new int[0])]
    [InlineData(null, 9, new int[0])]
    public void Tile_numbers_are_read_from_the_last_mention_within_the_grid(string? answer, int tileCount, int[] expected)
    {
        Assert.Equal(expected, VideoGridAnswer.TilesOf(answer, tileCount));
    }

    private static int IndexOf(AnomalyPrompt prompt, Func<PromptPart, bool> match)
    {
        for (int i = 0; i < prompt.Parts.Count; i++)
        {
            if (match(prompt.Parts[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
