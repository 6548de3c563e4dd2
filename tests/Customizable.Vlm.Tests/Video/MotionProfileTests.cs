using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Tests.Inspection;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

/// <summary>A profile keeps the motion views its video references were encoded with, and videos are inspected with them.</summary>
public class MotionProfileTests
{
    private static readonly FrameSampling Sampling = FrameSampling.EveryNth(4);

    /// <summary>A 40x30 grey clip of 12 frames in which a bright square moves 4 pixels to the right per frame.</summary>
    private static VideoObservation Clip(string name) =>
        VideoObservation.FromFrames([.. Enumerable.Range(0, 12).Select(i => VideoTestData.Frame(40, 30, 60, new PixelRect(2 + (i % 8 * 4), 10, 6, 6), squareGrey: 200))], 10, name);

    private static AnomalyInspector Inspector(IAnomalyReasoner reasoner, int gap, float gain = 4f) =>
        new(reasoner, encoders: [new ImageEncoder(), new VideoEncoder(new VideoEncoderOptions { Sampling = Sampling, MotionFrameGap = gap, MotionGain = gain })]);

    private static InspectionSpec Spec(params Observation[] references) => new() { References = [.. references] };

    /// <summary>The labels of the query views the reasoner got in its last call.</summary>
    private static string[] LastQueryLabels(ModelReasoner reasoner) => [.. reasoner.Prompts[^1].QueryViews.Select(v => v.Label!)];

    private static async Task<byte[]> SaveAsync(AnomalyInspector inspector, InspectionProfile profile)
    {
        using var stream = new MemoryStream();
        await inspector.SaveProfileAsync(profile, stream);
        return stream.ToArray();
    }

    /// <summary>Rewrites a saved profile's header and format version, with a valid checksum (as an older library wrote it).</summary>
    private static byte[] Rewrite(byte[] file, int version, Action<JsonObject> edit)
    {
        byte[] payload = file[20..^32];
        int jsonLength = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var header = JsonNode.Parse(payload.AsSpan(4, jsonLength))!.AsObject();
        edit(header);
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        byte[] rest = payload[(4 + jsonLength)..];
        byte[] newPayload = new byte[4 + json.Length + rest.Length];
        BinaryPrimitives.WriteInt32LittleEndian(newPayload, json.Length);
        json.CopyTo(newPayload, 4);
        rest.CopyTo(newPayload, 4 + json.Length);

        byte[] result = new byte[20 + newPayload.Length + 32];
        file.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), version);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(12), newPayload.Length);
        newPayload.CopyTo(result, 20);
        SHA256.HashData(newPayload).CopyTo(result, 20 + newPayload.Length);
        return result;
    }

    [Fact]
    public async Task A_profile_customized_with_motion_views_records_their_gap_and_gain_and_keeps_them_through_save_and_load()
    {
        var reasoner = new ModelReasoner();
        InspectionProfile profile = await Inspector(reasoner, gap: 2, gain: 3).CustomizeAsync(Spec(Clip("normal")));

        Assert.Equal(new MotionViewSettings(2, 3), profile.MotionViews);
        Assert.False(profile.HasUnrecordedMotionViews);

        // Loaded by an inspector whose encoder has no motion views: the profile still says 2 and 3.
        AnomalyInspector plain = new(reasoner);
        InspectionProfile loaded = await plain.LoadProfileAsync(new MemoryStream(await SaveAsync(plain, profile)));
        Assert.Equal(new MotionViewSettings(2, 3), loaded.MotionViews);
        Assert.Contains(loaded.References, r => r.Slot == VideoEncoder.MotionSlot);

        // Saved again, it still records them.
        InspectionProfile again = await plain.LoadProfileAsync(new MemoryStream(await SaveAsync(plain, loaded)));
        Assert.Equal(new MotionViewSettings(2, 3), again.MotionViews);
    }

    [Fact]
    public async Task A_video_is_inspected_with_the_profile_s_motion_views_whatever_the_inspecting_encoder_s_gap()
    {
        var reasoner = new ModelReasoner();
        InspectionProfile profile = await Inspector(reasoner, gap: 2).CustomizeAsync(Spec(Clip("normal")));
        InspectionProfile loaded = await new AnomalyInspector(reasoner).LoadProfileAsync(new MemoryStream(await SaveAsync(new AnomalyInspector(reasoner), profile)));

        AnomalyVerdict asCustomized = await Inspector(reasoner, gap: 2).InspectAsync(loaded, Clip("query"));
        string[] expected = LastQueryLabels(reasoner);
        AnomalyVerdict withoutGap = await Inspector(reasoner, gap: 0).InspectAsync(loaded, Clip("query"));
        string[] withoutGapLabels = LastQueryLabels(reasoner);
        AnomalyVerdict otherGap = await Inspector(reasoner, gap: 3).InspectAsync(loaded, Clip("query"));
        string[] otherGapLabels = LastQueryLabels(reasoner);

        Assert.Equal(["t=0.00s (frame 0)", "motion t=0.00s (frame 0 - frame 0)", "t=0.40s (frame 4)", "motion t=0.40s (frame 4 - frame 2)", "t=0.80s (frame 8)", "motion t=0.80s (frame 8 - frame 6)"], expected);
        Assert.Equal(expected, withoutGapLabels);
        Assert.Equal(expected, otherGapLabels);
        Assert.Equal(asCustomized.FrameScores.Select(f => f.Score), withoutGap.FrameScores.Select(f => f.Score));
        Assert.Equal(asCustomized.FrameScores.Select(f => f.Score), otherGap.FrameScores.Select(f => f.Score));
    }

    [Fact]
    public async Task A_reasoner_that_reads_query_images_gets_the_profile_s_motion_views_too()
    {
        var inner = new ModelReasoner();
        var reasoner = new QueryImageReasoner(inner);
        InspectionProfile profile = await Inspector(reasoner, gap: 2).CustomizeAsync(Spec(Clip("normal")));

        await Inspector(reasoner, gap: 0).InspectAsync(profile, Clip("query"));

        Assert.Equal(3, LastQueryLabels(inner).Count(l => l.StartsWith("motion ", StringComparison.Ordinal)));
        Assert.Contains("motion t=0.40s (frame 4 - frame 2)", LastQueryLabels(inner));
    }

    [Fact]
    public async Task A_profile_without_motion_views_records_none_and_videos_are_inspected_without_them()
    {
        var reasoner = new ModelReasoner();
        InspectionProfile fromVideo = await Inspector(reasoner, gap: 0).CustomizeAsync(Spec(Clip("normal")));
        InspectionProfile fromImage = await Inspector(reasoner, gap: 2).CustomizeAsync(Spec(ImageObservation.FromFrame(VideoTestData.Frame(40, 40, 60), "part")));

        Assert.Null(fromVideo.MotionViews);
        Assert.Null(fromImage.MotionViews);
        Assert.False(fromVideo.HasUnrecordedMotionViews);
        await Inspector(reasoner, gap: 2).InspectAsync(fromVideo, Clip("query"));
        Assert.Equal(["t=0.00s (frame 0)", "t=0.40s (frame 4)", "t=0.80s (frame 8)"], LastQueryLabels(reasoner));
    }

    [Fact]
    public async Task A_version_2_profile_loads_without_recorded_motion_views_and_the_inspecting_encoder_s_gap_applies_to_it()
    {
        var reasoner = new ModelReasoner();
        var writer = new AnomalyInspector(reasoner);
        byte[] withMotion = await SaveAsync(writer, await Inspector(reasoner, gap: 2).CustomizeAsync(Spec(Clip("normal"))));
        byte[] withoutMotion = await SaveAsync(writer, await Inspector(reasoner, gap: 0).CustomizeAsync(Spec(Clip("normal"))));
        byte[] oldWithMotion = Rewrite(withMotion, 2, h => Assert.True(h.Remove("Motion")));
        byte[] oldWithoutMotion = Rewrite(withoutMotion, 2, h => h.Remove("Motion"));

        InspectionProfile legacy = await writer.LoadProfileAsync(new MemoryStream(oldWithMotion));
        InspectionProfile plain = await writer.LoadProfileAsync(new MemoryStream(oldWithoutMotion));

        Assert.Null(legacy.MotionViews);
        Assert.True(legacy.HasUnrecordedMotionViews);
        Assert.Null(plain.MotionViews);
        Assert.False(plain.HasUnrecordedMotionViews);

        // The old profile does not say its gap, so the inspector's own setting is used, as before profiles recorded it.
        await Inspector(reasoner, gap: 3).InspectAsync(legacy, Clip("query"));
        Assert.Contains("motion t=0.40s (frame 4 - frame 1)", LastQueryLabels(reasoner));
        await Inspector(reasoner, gap: 3).InspectAsync(plain, Clip("query"));
        Assert.DoesNotContain(LastQueryLabels(reasoner), l => l.StartsWith("motion ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 4f)]
    [InlineData(-1, 4f)]
    [InlineData(2, 0f)]
    [InlineData(2, -1f)]
    public async Task A_profile_whose_recorded_motion_views_are_out_of_range_is_refused_at_load(int gap, float gain)
    {
        var reasoner = new ModelReasoner();
        var inspector = new AnomalyInspector(reasoner);
        byte[] saved = await SaveAsync(inspector, await Inspector(reasoner, gap: 2).CustomizeAsync(Spec(Clip("normal"))));
        byte[] tampered = Rewrite(saved, 3, h => h["Motion"] = new JsonObject { ["FrameGap"] = gap, ["Gain"] = gain });

        var error = await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(new MemoryStream(tampered), "tampered.cvlm"));
        Assert.Contains("tampered.cvlm", error.Message, StringComparison.Ordinal);
        Assert.Contains("motion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Motion_view_settings_refuse_a_gap_below_1_and_a_gain_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionViewSettings(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionViewSettings(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionViewSettings(1, float.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionViewSettings(1, float.NaN));
    }

    /// <summary>The same reasoner, declared as one that reads query images: the inspector then encodes whole videos and composes a
    /// prompt instead of streaming.</summary>
    private sealed class QueryImageReasoner(IAnomalyReasoner inner) : DelegatingAnomalyReasoner(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(AnomalyReasonerMetadata)
                ? new AnomalyReasonerMetadata("test", AnomalyReasonerInputs.ReferenceModel | AnomalyReasonerInputs.QueryImages)
                : base.GetService(serviceType, serviceKey);
    }
}
