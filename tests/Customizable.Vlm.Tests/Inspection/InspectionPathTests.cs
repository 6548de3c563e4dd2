using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Customizable.Vlm.Prompting;
using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Tests.Reasoning;

namespace Customizable.Vlm.Tests.Inspection;

public class InspectionPathTests
{
    private static RawFrame Gray(int width, int height, byte value)
    {
        byte[] pixels = new byte[width * height * 3];
        Array.Fill(pixels, value);
        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }

    private static InspectionSpec Spec(params byte[] references) => new()
    {
        References = [.. references.Select((v, i) => ImageObservation.FromFrame(Gray(1200, 800, v), $"good-{i}.png"))],
    };

    [Fact]
    public async Task A_reasoner_that_reads_only_its_model_gets_no_composed_prompt_and_a_profile_without_reference_images()
    {
        var reasoner = new ModelReasoner();
        var composer = new CountingComposer();
        var inspector = new AnomalyInspector(reasoner, composer: composer);

        InspectionProfile profile = await inspector.CustomizeAsync(Spec(100, 110));
        AnomalyVerdict verdict = await inspector.InspectAsync(profile, ImageObservation.FromFrame(Gray(1200, 800, 200)));

        Assert.Equal(0, composer.Composed);
        Assert.Equal(0, composer.Prepared);
        Assert.Empty(profile.ReferenceViews);
        Assert.Equal(["good-0.png", "good-1.png"], profile.References.Select(r => r.SourceName));
        AnomalyPrompt prompt = Assert.Single(reasoner.Prompts);
        Assert.Empty(prompt.Parts);
        Assert.Same(profile.ReferenceModel, prompt.ReferenceModel);
        Assert.True(verdict.IsAnomalous);
    }

    [Fact]
    public async Task A_prompt_reading_reasoner_gets_references_prepared_once_and_one_composition_per_inspection_carrying_the_model()
    {
        var reasoner = new FakeReasoner(_ => new AnomalyVerdict { Score = 0.2, IsAnomalous = false });
        var composer = new CountingComposer();
        var inspector = new AnomalyInspector(reasoner, composer: composer);

        InspectionProfile profile = await inspector.CustomizeAsync(Spec(100));
        await inspector.InspectAsync(profile, ImageObservation.FromFrame(Gray(1200, 800, 100)));
        await inspector.InspectAsync(profile, ImageObservation.FromFrame(Gray(1200, 800, 100)));

        Assert.Equal(1, composer.Prepared);
        Assert.Equal(2, composer.Composed);
        EncodedView stored = Assert.Single(profile.ReferenceViews);
        Assert.Equal(new PromptComposerOptions().MaxImageSide, Math.Max(stored.Frame.Width, stored.Frame.Height));
        Assert.Same(stored.Frame, reasoner.Prompts[0].ReferenceImages.Single().View.Frame);
        Assert.Equal(AnomalyReasonerInputs.All, inspector.ReasonerInputs);
    }

    [Fact]
    public async Task A_profile_is_a_snapshot_that_later_changes_to_the_spec_do_not_reach()
    {
        var inspector = new AnomalyInspector(new ModelReasoner());
        InspectionSpec spec = Spec(100);
        spec.NormalityRules.Add(new NormalityRule("no scratches"));

        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        spec.NormalityRules.Clear();
        profile.Spec.NormalityRules.Add(new NormalityRule("mutated through the getter"));

        Assert.Equal(["no scratches"], profile.Spec.NormalityRules.Select(r => r.Text));
    }

    [Fact]
    public async Task Ignore_regions_are_refused_for_views_that_do_not_come_from_an_image_instead_of_being_skipped()
    {
        var inspector = new AnomalyInspector(new ModelReasoner(), encoders: [new VideoLikeEncoder()]);
        InspectionSpec spec = Spec(100);
        spec.NormalityRules.Add(new NormalityRule("the label may vary") { Id = "label", IgnoreRegions = [new PixelRect(0, 0, 10, 10)] });

        var error = await Assert.ThrowsAsync<CustomizableVlmException>(() => inspector.CustomizeAsync(spec));

        Assert.Contains("label", error.Message, StringComparison.Ordinal);
        Assert.Contains("Video", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_profile_keeps_reference_names_slots_and_video_provenance_through_load_and_save_again()
    {
        using var temp = new TempDirectory();
        var reasoner = new FakeReasoner(_ => new AnomalyVerdict());
        var inspector = new AnomalyInspector(reasoner, encoders: [new VideoLikeEncoder()]);
        InspectionProfile profile = await inspector.CustomizeAsync(Spec(90, 120));
        string path = Path.Combine(temp.Path, "video.cvlm");

        await inspector.SaveProfileAsync(profile, path);
        InspectionProfile loaded = await inspector.LoadProfileAsync(path);
        await inspector.SaveProfileAsync(loaded, path);
        InspectionProfile again = await inspector.LoadProfileAsync(path);

        Assert.Equal(profile.References, again.References);
        Assert.Equal(4, again.ReferenceViews.Count);
        Assert.All(again.ReferenceViews, v => Assert.Equal(0, v.Slot));
        var provenance = Assert.IsType<VideoProvenance>(again.ReferenceViews[1].Provenance);
        Assert.Equal(TimeSpan.FromSeconds(1), provenance.Tiles[0].Start);
        Assert.Equal(profile.ReferenceViews[1].Frame.Pixels.ToArray(), again.ReferenceViews[1].Frame.Pixels.ToArray());
    }

    [Fact]
    public async Task A_non_seekable_stream_whose_length_field_lies_costs_what_it_holds_not_what_it_announces()
    {
        // Found by a fuzzer: the payload buffer was allocated at the announced length (up to 2 GiB) before a byte of it was read,
        // an OutOfMemoryException under a container's memory limit.
        var inspector = new AnomalyInspector(new ModelReasoner());
        InspectionProfile profile = await inspector.CustomizeAsync(Spec(100));
        using var saved = new MemoryStream();
        await inspector.SaveProfileAsync(profile, saved);
        byte[] lying = saved.ToArray();
        BinaryPrimitives.WriteInt64LittleEndian(lying.AsSpan(12), int.MaxValue - 64);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(new NonSeekableStream(lying)));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated:N0} bytes were allocated for a {lying.Length:N0}-byte stream.");

        // The honest stream still loads through the same path.
        InspectionProfile loaded = await inspector.LoadProfileAsync(new NonSeekableStream(saved.ToArray()));
        Assert.Equal(profile.References.Count, loaded.References.Count);
    }

    [UnixFact]
    public async Task A_profile_path_that_is_a_FIFO_is_refused_without_being_opened()
    {
        // Found by a fuzzer: opening it blocked until a writer appeared, whatever the token said.
        using var temp = new TempDirectory();
        string fifo = Path.Combine(temp.Path, "p.cvlm");
        FileKindTests.MakeFifo(fifo);

        var inspector = new AnomalyInspector(new ModelReasoner());
        Task<InspectionProfile> load = inspector.LoadProfileAsync(fifo);
        Assert.Same(load, await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30))));
        var error = await Assert.ThrowsAsync<InvalidProfileException>(() => load);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_refuses_a_directory_a_junk_file_trailing_bytes_and_out_of_range_rules_with_typed_errors()
    {
        using var temp = new TempDirectory();
        var inspector = new AnomalyInspector(new ModelReasoner());
        InspectionSpec spec = Spec(100);
        spec.NormalityRules.Add(new NormalityRule("area") { MaxDefectAreaFraction = 5 });
        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        string path = Path.Combine(temp.Path, "p.cvlm");
        await inspector.SaveProfileAsync(profile, path);
        byte[] good = await File.ReadAllBytesAsync(path);

        var outOfRange = await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(path));
        Assert.Contains("MaxDefectAreaFraction", outOfRange.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(temp.Path));

        string trailing = temp.Write("trailing.cvlm", [.. good, 1, 2, 3]);
        var trailingError = await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(trailing));
        Assert.Contains("after its checksum", trailingError.Message, StringComparison.Ordinal);

        // A large junk file is refused from its first bytes, without being read whole.
        string junk = Path.Combine(temp.Path, "junk.cvlm");
        await using (var file = File.Create(junk))
        {
            file.SetLength(512L * 1024 * 1024);
        }

        // Counted over the whole process: the load's continuations may run on other threads, so a per-thread counter compared two
        // threads' totals (a failure seen once in CI). Reading the file whole would allocate at least its 512 MiB; other tests running
        // in parallel allocate far less than the 128 MiB bound in the few milliseconds this takes.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(junk));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < 128L * 1024 * 1024, $"{allocated} bytes allocated while refusing a 512 MiB junk profile");
    }

    [Fact]
    public async Task A_version_1_profile_with_raw_reference_pixels_still_loads_with_its_names()
    {
        using var temp = new TempDirectory();
        var header = "{\"TaskDescription\":\"t\",\"Rules\":[],\"AnswerFormat\":0,\"CreatedAt\":\"2026-01-01T00:00:00+00:00\",\"Views\":[{\"Label\":\"image\",\"SourceName\":\"old.png\",\"Width\":2,\"Height\":1,\"SourceWidth\":2,\"SourceHeight\":1}]}"u8.ToArray();
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(header.Length);
            writer.Write(header);
            writer.Write(6);
            writer.Write(new byte[] { 1, 2, 3, 4, 5, 6 });
            writer.Write(0L);
        }

        byte[] body = payload.ToArray();
        byte[] prefix = new byte[20];
        "CVLMPRF\0"u8.CopyTo(prefix);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(prefix.AsSpan(12), body.Length);
        string path = temp.Write("v1.cvlm", [.. prefix, .. body, .. SHA256.HashData(body)]);

        InspectionProfile profile = await new AnomalyInspector(new FakeReasoner(_ => new AnomalyVerdict())).LoadProfileAsync(path);

        Assert.Equal([1, 2, 3, 4, 5, 6], profile.ReferenceViews.Single().Frame.Pixels.ToArray());
        Assert.Equal("old.png", profile.References.Single().SourceName);
    }

    [Fact]
    public async Task Saving_over_a_symbolic_link_replaces_its_target_and_keeps_the_link()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempDirectory();
        var inspector = new AnomalyInspector(new ModelReasoner());
        InspectionProfile profile = await inspector.CustomizeAsync(Spec(100));
        string target = Path.Combine(temp.Path, "target.cvlm");
        await File.WriteAllTextAsync(target, "old");
        string link = Path.Combine(temp.Path, "link.cvlm");
        File.CreateSymbolicLink(link, target);

        await inspector.SaveProfileAsync(profile, link);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.NotNull(await inspector.LoadProfileAsync(target));
    }

    [Fact]
    public async Task A_temporary_file_left_by_a_killed_save_is_removed_by_the_next_save_or_load()
    {
        using var temp = new TempDirectory();
        var inspector = new AnomalyInspector(new ModelReasoner());
        InspectionProfile profile = await inspector.CustomizeAsync(Spec(100));
        string path = Path.Combine(temp.Path, "p.cvlm");
        await inspector.SaveProfileAsync(profile, path);

        // A process id that cannot be running (above the Linux maximum), as a killed writer would leave it.
        string orphan = temp.Write($".p.cvlm.{int.MaxValue}.{Guid.NewGuid():N}.tmp", new byte[1000]);
        string mine = temp.Write($".p.cvlm.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp", new byte[10]);
        await inspector.LoadProfileAsync(path);

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(mine));
    }
}
