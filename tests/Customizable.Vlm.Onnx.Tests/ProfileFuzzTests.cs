using System.Buffers.Binary;
using System.Security.Cryptography;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Profiles;
using Customizable.Vlm.Testing.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// Seeded mutations of profiles in the store format with the embedded reasoner's reference model (<see cref="FeatureReferenceModel"/>)
/// read back through the embedded reasoner's builder. Most mutations change the payload and re-seal it (a correct length and
/// SHA-256), so the header JSON, the stored views and the model's binary format are parsed, not only the checksum; the rest
/// mutate the sealed file. Each gives a profile or <see cref="InvalidProfileException"/>, within a time and allocation bound.
/// </summary>
[Collection(SharedReasoner.Name)]
public class ProfileFuzzTests(ReasonerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    /// <summary>The seeds are a few KB; a length field that lies must not make the reader allocate what it announces, so 64 MiB
    /// (far above the seeds, far below the 2 GiB a lying int64 could ask for) bounds each input.</summary>
    private const long MaxBytesPerInput = 64L * 1024 * 1024;

    /// <summary>The feature width of the default backbone's two layers (128 + 256), which the reasoner checks at load.</summary>
    private const int Dims = 384;

    private static readonly ScoreCalibration Calibration = ScoreCalibration.Fit([1.0, 1.1, 1.3], 1);

    /// <summary>A small reference model with the reasoner's own feature signature, so that a seed loads and mutations reach every
    /// part of the reader.</summary>
    private static FeatureReferenceModel SmallModel(string signature, bool projected)
    {
        var random = new Random(5);
        float[] features = [.. Enumerable.Range(0, 40 * Dims).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        FeatureReferenceModelFormat.Quantize(features);
        if (!projected)
        {
            return new FeatureReferenceModel([new PatchMemorySlot(0, PatchMemoryBank.Create(features, 40, Dims), null, Calibration, 1f, 2)], false, 4, 3, 2, signature);
        }

        PatchProjection projection = PatchProjection.Fit(features, 40, Dims, 8);
        float[] rows = new float[40 * projection.OutputDimensions];
        projection.Project(features, 40, rows);
        FeatureReferenceModelFormat.Quantize(rows);
        return new FeatureReferenceModel([new PatchMemorySlot(0, PatchMemoryBank.Create(rows, 40, projection.OutputDimensions), projection, Calibration, 0.75f, 10)], false, 4, 3, 10, signature);
    }

    private async Task<List<byte[]>> SeedFilesAsync()
    {
        InspectionProfile real = await fixture.GetProfileAsync();
        string signature = ((FeatureReferenceModel)real.ReferenceModel!).FeatureSignature;
        InspectionSpec spec = real.Spec;
        spec.NormalityRules.Add(new NormalityRule("Small marks are acceptable.") { Id = "marks", MaxDefectAreaFraction = 0.02, IgnoreRegions = [new PixelRect(1, 2, 30, 40)] });
        var view = new EncodedView(new RawFrame(16, 12, PixelFormat.Rgb24, new byte[16 * 12 * 3]), new ImageProvenance(16, 12), "view");
        var time = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var seeds = new List<byte[]>();
        foreach ((bool projected, IReadOnlyList<EncodedView> views) in new[] { (false, (IReadOnlyList<EncodedView>)[]), (true, [view]) })
        {
            using var stream = new MemoryStream();
            ProfileSerializer.Write(stream, new InspectionProfile(spec, views, SmallModel(signature, projected), time), fixture.Reasoner.GetService<IReferenceModelBuilder>());
            seeds.Add(stream.ToArray());
        }

        return seeds;
    }

    /// <summary>The payload's header-length field, its JSON header and the rest, as segments.</summary>
    private static IReadOnlyList<(int Start, int Length)> PayloadSegments(byte[] payload)
    {
        int header = Math.Clamp(BinaryPrimitives.ReadInt32LittleEndian(payload), 0, payload.Length - 4);
        return [(0, 4), (4, header), (4 + header, payload.Length - 4 - header), (payload.Length - Math.Min(12, payload.Length), Math.Min(12, payload.Length))];
    }

    private static byte[] Reseal(byte[] payload)
    {
        byte[] result = new byte[ProfileSerializer.PrefixLength + payload.Length + ProfileSerializer.HashLength];
        "CVLMPRF\0"u8.CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), ProfileSerializer.FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(12), payload.Length);
        payload.CopyTo(result, ProfileSerializer.PrefixLength);
        SHA256.HashData(payload).CopyTo(result, ProfileSerializer.PrefixLength + payload.Length);
        return result;
    }

    [Fact]
    public async Task A_profile_whose_model_lacks_a_slot_of_its_reference_views_is_refused_at_load()
    {
        // Found by a fuzzer (a re-sealed profile with slot 0 rewritten to 32768): the load passed and the first inspection threw.
        InspectionProfile real = await fixture.GetProfileAsync();
        string signature = ((FeatureReferenceModel)real.ReferenceModel!).FeatureSignature;
        IReferenceModelBuilder builder = fixture.Reasoner.GetService<IReferenceModelBuilder>()!;
        var time = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        byte[] Saved(int slot)
        {
            var view = new EncodedView(new RawFrame(16, 12, PixelFormat.Rgb24, new byte[16 * 12 * 3]), new ImageProvenance(16, 12), "view") { Slot = slot };
            using var stream = new MemoryStream();
            ProfileSerializer.Write(stream, new InspectionProfile(real.Spec, [view], SmallModel(signature, projected: true), time), builder);
            return stream.ToArray();
        }

        Assert.NotNull(ProfileSerializer.Read(new MemoryStream(Saved(0)), builder, "slot0.cvlm").ReferenceModel);
        var error = Assert.Throws<InvalidProfileException>(() => ProfileSerializer.Read(new MemoryStream(Saved(3)), builder, "slot3.cvlm"));
        Assert.Contains("slot 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutated_profiles_give_a_profile_or_an_invalid_profile_exception_in_bounded_time_and_memory()
    {
        List<byte[]> files = await SeedFilesAsync();
        IReferenceModelBuilder builder = fixture.Reasoner.GetService<IReferenceModelBuilder>()!;
        foreach (byte[] file in files)
        {
            Assert.NotNull(ProfileSerializer.Read(new MemoryStream(file), builder, "seed").ReferenceModel);
        }

        List<byte[]> payloads = [.. files.Select(f => f[ProfileSerializer.PrefixLength..^ProfileSerializer.HashLength])];
        Gen<byte[]> inputs = Gen.Frequency(
            (9, Fuzz.Mutations(payloads, PayloadSegments).Select(Reseal)),
            (1, Fuzz.Mutations(files)));

        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            "ProfileSerializer.Read(FeatureReasoner)",
            inputs,
            data =>
            {
                InspectionProfile profile = ProfileSerializer.Read(new MemoryStream(data), builder, "fuzz.cvlm");
                Assert.NotNull(profile.Spec);
            },
            ex => ex is InvalidProfileException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Results > 0 && summary.Refused > 0, summary.ToString());
    }
}
