using Customizable.Vlm.Video;
using Microsoft.Extensions.AI;

namespace Customizable.Vlm.AI.Tests;

/// <summary>A video inspected through a chat reasoner: one key-frame grid for the query plus the reference frames, tiles named in
/// the prompt, and the tile the model names mapped back to its time span.</summary>
public sealed class ChatClientVideoGridTests
{
    private const int ReferenceFrames = 4;

    private static ChatClientReasonerOptions Fast() => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
        ImageEncoding = ChatImageEncoding.Png,
    };

    /// <summary>A clip of solid grey frames, each 10 grey levels brighter than the one before (every frame differs from the last).</summary>
    private static VideoObservation Clip(int frames, byte first, string name)
    {
        var list = new List<RawFrame>(frames);
        for (int i = 0; i < frames; i++)
        {
            byte[] pixels = new byte[64 * 48 * 3];
            Array.Fill(pixels, (byte)(first + (10 * i)));
            list.Add(new RawFrame(64, 48, PixelFormat.Rgb24, pixels));
        }

        return VideoObservation.FromFrames(list, 10, name);
    }

    private static async Task<(FakeChatClient Client, AnomalyVerdict Verdict)> InspectAsync(string reply, AnomalyInspectorOptions? options = null)
    {
        var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply(reply)) };
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        var inspector = new AnomalyInspector(reasoner, options);
        InspectionSpec spec = TestPrompts.Spec();
        spec.References.Add(Clip(ReferenceFrames, 20, "normal"));
        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        AnomalyVerdict verdict = await inspector.InspectAsync(profile, Clip(18, 0, "query"));
        return (client, verdict);
    }

    private static string PromptText(FakeChatClient client) =>
        string.Join("\n", client.Requests.Single().Messages.SelectMany(m => m.Contents).OfType<TextContent>().Select(t => t.Text));

    [Fact]
    public async Task The_request_holds_one_grid_image_of_the_query_after_the_reference_frames()
    {
        (FakeChatClient client, _) = await InspectAsync("{\"is_anomalous\": false}");

        ChatMessage user = client.Requests.Single().Messages.Single(m => m.Role == ChatRole.User);
        DataContent[] images = [.. user.Contents.OfType<DataContent>()];
        Assert.Equal(ReferenceFrames + 1, images.Length);

        // The query image is the last one: a 3x3 grid, far larger than a 64x48 frame.
        (int width, int height) = PngSize(images[^1].Data.Span);
        Assert.True(width >= 3 * 64 && height >= 3 * 48, $"query image {width}x{height} is not a 3x3 grid of 64x48 frames");
        foreach (DataContent reference in images[..^1])
        {
            Assert.Equal((64, 48), PngSize(reference.Data.Span));
        }
    }

    [Fact]
    public async Task The_prompt_names_every_tile_with_its_time_span_and_asks_for_tile_numbers()
    {
        (FakeChatClient client, _) = await InspectAsync("{\"is_anomalous\": false}");

        string text = PromptText(client);
        Assert.Contains("9 key frames", text, StringComparison.Ordinal);

        // Uniform(9) of 18 frames at 10 fps: frames 1, 3, 5 ... 17; tile 3 is frame 5, shown until the next key frame (frame 7).
        Assert.Contains("tile 1: t=0.10-0.30s (frame 1)", text, StringComparison.Ordinal);
        Assert.Contains("tile 3: t=0.50-0.70s (frame 5)", text, StringComparison.Ordinal);
        Assert.Contains("tile 9: t=1.70-1.80s (frame 17)", text, StringComparison.Ordinal);
        Assert.Contains("\"tiles\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_naming_tile_3_gives_a_region_with_that_tiles_time_span()
    {
        (_, AnomalyVerdict verdict) = await InspectAsync(
            "{\"is_anomalous\": true, \"confidence\": 0.9, \"defect_type\": \"intruder\", \"tiles\": [3], \"reasoning\": \"something new in tile 3\"}");

        Assert.True(verdict.IsAnomalous);
        AnomalyRegion region = Assert.Single(verdict.Regions);
        Assert.Equal(0, region.ViewIndex);
        Assert.Equal("intruder", region.DefectType);
        TimeRangeLocation when = Assert.IsType<TimeRangeLocation>(region.SourceLocation);
        Assert.Equal(TimeSpan.FromSeconds(0.5), when.Start);
        Assert.Equal(TimeSpan.FromSeconds(0.7), when.End);
        Assert.Equal(5, when.FirstFrame);
        Assert.Equal(5, when.LastFrame);
        Assert.Equal(new PixelRect(0, 0, 64, 48), when.FrameBox);
    }

    [Theory]
    [InlineData("```json\n{'is_anomalous': True, 'tile': 3}\n```", new[] { 3 })]
    [InlineData("The answer: is_anomalous = true; tiles = 2, 7", new[] { 2, 7 })]
    [InlineData("{\"is_anomalous\": true, \"tiles\": [0, 3, 3, 12]}", new[] { 3 })]
    [InlineData("{\"is_anomalous\": true}", new int[0])]
    [InlineData("{\"is_anomalous\": false, \"tiles\": [3]}", new int[0])]
    public async Task Tiles_are_read_tolerantly_out_of_range_numbers_are_dropped_and_a_normal_answer_gives_no_region(string reply, int[] tiles)
    {
        (_, AnomalyVerdict verdict) = await InspectAsync(reply);

        int[] named = [.. verdict.Regions.Select(r => ((TimeRangeLocation)r.SourceLocation!).FirstFrame)];
        Assert.Equal(tiles.Select(t => (2 * t) - 1), named);
    }

    [Fact]
    public async Task Change_based_key_frames_beyond_the_grid_are_merged_into_tiles_that_cover_the_whole_clip()
    {
        var options = new AnomalyInspectorOptions { VideoGridColumns = 2, VideoGridSampling = FrameSampling.OnChange(4) };
        (FakeChatClient client, AnomalyVerdict verdict) = await InspectAsync("{\"is_anomalous\": true, \"tiles\": [4]}", options);

        // All 18 frames change by 10 grey levels, so all are key frames: 4 tiles of 4-5 frames each, together 0-1.8 s.
        string text = PromptText(client);
        Assert.Contains("4 key frames", text, StringComparison.Ordinal);
        Assert.Contains("tile 1: t=0.00-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tile 5:", text, StringComparison.Ordinal);
        TimeRangeLocation last = Assert.IsType<TimeRangeLocation>(Assert.Single(verdict.Regions).SourceLocation);
        Assert.Equal(TimeSpan.FromSeconds(1.8), last.End);
    }

    [Fact]
    public void Grid_columns_out_of_range_are_refused()
    {
        using var client = new FakeChatClient();
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyInspector(reasoner, new AnomalyInspectorOptions { VideoGridColumns = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyInspector(reasoner, new AnomalyInspectorOptions { VideoGridColumns = 9 }));
    }

    private static (int Width, int Height) PngSize(ReadOnlySpan<byte> png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[16..]), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[20..]));
}
