using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public sealed class ProfileTests : IDisposable
{
    private readonly ReasonerFixture _fixture;
    private readonly string _folder;

    public ProfileTests(ReasonerFixture fixture)
    {
        _fixture = fixture;
        _folder = Path.Combine(Path.GetTempPath(), "cvlm-profile-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_saved_and_loaded_profile_gives_the_same_verdicts_and_the_same_spec()
    {
        InspectionProfile original = await ProfileWithRulesAsync();
        string path = Path.Combine(_folder, "part.cvlm");

        await _fixture.Inspector.SaveProfileAsync(original, path);
        InspectionProfile loaded = await _fixture.Inspector.LoadProfileAsync(path);

        Assert.Equal(original.Spec.TaskDescription, loaded.Spec.TaskDescription);
        Assert.Equal(original.Spec.ClassContext, loaded.Spec.ClassContext);
        Assert.Equal(original.Spec.AnswerFormat, loaded.Spec.AnswerFormat);
        Assert.Equal(original.CreatedAt, loaded.CreatedAt);
        Assert.Equal(original.Spec.NormalityRules.Count, loaded.Spec.NormalityRules.Count);
        for (int i = 0; i < original.Spec.NormalityRules.Count; i++)
        {
            NormalityRule want = original.Spec.NormalityRules[i], got = loaded.Spec.NormalityRules[i];
            Assert.Equal(want.Text, got.Text);
            Assert.Equal(want.Id, got.Id);
            Assert.Equal(want.MaxDefectAreaFraction, got.MaxDefectAreaFraction);
            Assert.Equal(want.IgnoreRegions, got.IgnoreRegions);
        }

        Assert.Equal(original.ReferenceViews.Count, loaded.ReferenceViews.Count);
        for (int i = 0; i < original.ReferenceViews.Count; i++)
        {
            Assert.Equal(original.ReferenceViews[i].Frame.Pixels.ToArray(), loaded.ReferenceViews[i].Frame.Pixels.ToArray());
        }

        var loadedModel = Assert.IsType<FeatureReferenceModel>(loaded.ReferenceModel);
        var originalModel = (FeatureReferenceModel)original.ReferenceModel!;
        Assert.Equal(originalModel.SlotMemories[0].Calibration, loadedModel.SlotMemories[0].Calibration);
        Assert.Equal(originalModel.FeatureSignature, loadedModel.FeatureSignature);
        Assert.Equal(originalModel.ReferenceCount, loadedModel.ReferenceCount);

        foreach (SyntheticImage query in new[] { ReasonerFixture.Defect(DefectKind.DarkBlob), SyntheticParts.Normal(201) })
        {
            AnomalyVerdict before = await _fixture.Inspector.InspectAsync(original, query.ToObservation("q"));
            AnomalyVerdict after = await _fixture.Inspector.InspectAsync(loaded, query.ToObservation("q"));
            Assert.Equal(before.Score, after.Score);
            Assert.Equal(before.IsAnomalous, after.IsAnomalous);
            Assert.Equal(before.Reasoning, after.Reasoning);
        }
    }

    [Theory]
    [InlineData(0.999)]
    [InlineData(0.5)]
    [InlineData(0.05)]
    public async Task A_truncated_profile_is_rejected(double keep)
    {
        byte[] bytes = await SavedBytesAsync();
        int[] cuts = [(int)(bytes.Length * keep), 4, 8, 19, 20, bytes.Length - 1, bytes.Length - 32];
        foreach (int cut in cuts.Distinct())
        {
            await AssertRejectedAsync(bytes.AsSpan(0, cut).ToArray());
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.9)]
    public async Task A_profile_with_one_flipped_byte_is_rejected(double at)
    {
        byte[] bytes = await SavedBytesAsync();
        bytes[(int)(bytes.Length * at)] ^= 0x40;

        await AssertRejectedAsync(bytes);
    }

    [Fact]
    public async Task Random_bytes_an_empty_file_and_a_wrong_magic_are_rejected()
    {
        byte[] random = new byte[5000];
        new Random(7).NextBytes(random);
        await AssertRejectedAsync(random);
        await AssertRejectedAsync([]);

        byte[] wrongMagic = await SavedBytesAsync();
        wrongMagic[0] = (byte)'X';
        await AssertRejectedAsync(wrongMagic);
    }

    [Fact]
    public async Task A_missing_profile_file_is_reported_as_an_invalid_profile()
    {
        await Assert.ThrowsAsync<InvalidProfileException>(() => _fixture.Inspector.LoadProfileAsync(Path.Combine(_folder, "nope.cvlm")));
    }

    [Fact]
    public async Task A_profile_with_a_valid_checksum_but_a_null_rule_list_is_rejected_as_invalid()
    {
        byte[] bytes = await SavedBytesAsync();
        byte[] payload = bytes[20..^32];
        int jsonLength = BinaryPrimitives.ReadInt32LittleEndian(payload);
        string json = Encoding.UTF8.GetString(payload, 4, jsonLength);
        Assert.Contains("\"Rules\":[", json, StringComparison.Ordinal);
        string tampered = json.Replace("\"Rules\":[]", "\"Rules\":null", StringComparison.Ordinal);
        Assert.NotEqual(json, tampered);

        await AssertRejectedAsync(Reseal(ReplaceHeader(payload, tampered)));
    }

    [Fact]
    public async Task Saving_over_an_existing_profile_replaces_it_and_leaves_no_temporary_file()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        string path = Path.Combine(_folder, "part.cvlm");
        await File.WriteAllTextAsync(path, "an older profile");

        await _fixture.Inspector.SaveProfileAsync(profile, path);
        await _fixture.Inspector.SaveProfileAsync(profile, path);

        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.NotNull(await _fixture.Inspector.LoadProfileAsync(path));
    }

    [Fact]
    public async Task A_cancelled_save_leaves_the_existing_profile_intact_and_no_temporary_file()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        string path = Path.Combine(_folder, "part.cvlm");
        await _fixture.Inspector.SaveProfileAsync(profile, path);
        byte[] before = await File.ReadAllBytesAsync(path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.Inspector.SaveProfileAsync(profile, path, cancelled.Token));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    private async Task<InspectionProfile> ProfileWithRulesAsync()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        InspectionSpec spec = profile.Spec.Clone();
        spec.TaskDescription = "Find dents and stains on the striped part.";
        spec.NormalityRules.Add(new NormalityRule("Small marks are acceptable.") { Id = "small-marks", MaxDefectAreaFraction = 0.01 });
        spec.NormalityRules.Add(new NormalityRule("Ignore the label area.") { IgnoreRegions = [new PixelRect(0, 0, 20, 30), new PixelRect(200, 210, 40, 12)] });
        return new InspectionProfile(spec, profile.ReferenceViews, profile.ReferenceModel, new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));
    }

    private async Task<byte[]> SavedBytesAsync()
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".cvlm");
        await _fixture.Inspector.SaveProfileAsync(await _fixture.GetProfileAsync(), path);
        return await File.ReadAllBytesAsync(path);
    }

    private async Task AssertRejectedAsync(byte[] bytes)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".bad");
        await File.WriteAllBytesAsync(path, bytes);
        await Assert.ThrowsAsync<InvalidProfileException>(() => _fixture.Inspector.LoadProfileAsync(path));
    }

    private static byte[] ReplaceHeader(byte[] payload, string json)
    {
        int oldLength = BinaryPrimitives.ReadInt32LittleEndian(payload);
        byte[] header = Encoding.UTF8.GetBytes(json);
        byte[] result = new byte[4 + header.Length + (payload.Length - 4 - oldLength)];
        BinaryPrimitives.WriteInt32LittleEndian(result, header.Length);
        header.CopyTo(result, 4);
        payload.AsSpan(4 + oldLength).CopyTo(result.AsSpan(4 + header.Length));
        return result;
    }

    /// <summary>Wraps a payload as the documented layout does: magic, version, length, payload, SHA-256.</summary>
    private static byte[] Reseal(byte[] payload)
    {
        byte[] result = new byte[20 + payload.Length + 32];
        "CVLMPRF\0"u8.CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(12), payload.Length);
        payload.CopyTo(result, 20);
        SHA256.HashData(payload).CopyTo(result, 20 + payload.Length);
        return result;
    }
}
