using System.Runtime.InteropServices;
using System.Text;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx.Tests;

public class FeatureReferenceModelFormatTests
{
    private static readonly ScoreCalibration Calibration = ScoreCalibration.Fit([1.0, 1.1, 1.3], 1);

    private static float[] RandomFeatures(int count, int dims, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * dims).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }

    private static FeatureReferenceModel Projected(int components = 6)
    {
        float[] features = RandomFeatures(120, 24, 1);
        PatchProjection projection = PatchProjection.Fit(features, 120, 24, components);
        float[] rows = new float[120 * projection.OutputDimensions];
        projection.Project(features, 120, rows);
        FeatureReferenceModelFormat.Quantize(rows);
        return Model(new PatchMemorySlot(0, PatchMemoryBank.Create(rows, 120, projection.OutputDimensions), projection, Calibration, 0.75f, 10), "sig");
    }

    private static FeatureReferenceModel Model(PatchMemorySlot slot, string signature, params PatchMemorySlot[] more) =>
        new([slot, .. more], sharedAcrossSlots: false, 4, 3, 10, Signature(signature));

    private static string Signature(string name) => $"m.onnx|{name}|224x224|Stretch|k3|l2=True";

    [Fact]
    public void A_tuning_report_round_trips_with_its_candidates_and_threshold_evidence()
    {
        float[] features = RandomFeatures(30, 16, 9);
        FeatureReferenceModelFormat.Quantize(features);
        var report = new FeatureTuningReport(
            Customizable.Vlm.Preprocessing.TensorResizeMode.ShorterSideThenCenterCrop,
            false,
            [new FeatureTuningCandidate(Customizable.Vlm.Preprocessing.TensorResizeMode.Stretch, true, 0.8, 0.5, 1.3, 1.2), new FeatureTuningCandidate(Customizable.Vlm.Preprocessing.TensorResizeMode.ShorterSideThenCenterCrop, false, 0.9, 0.75, 1.5, 1.4)],
            3,
            12,
            TimeSpan.FromMilliseconds(1234),
            false,
            [new FeatureThresholdEvidence(0, [1.0, 1.1], [1.5, 2.0, 2.5], 1.3, "rule text")]);
        var model = new FeatureReferenceModel([new PatchMemorySlot(0, PatchMemoryBank.Create(features, 30, 16), null, Calibration, 1f, 2)], false, 4, 3, 2, "m.onnx|x|224x224|ShorterSideThenCenterCrop|k3|l2=False", report);

        FeatureTuningReport loaded = Read(Write(model)).Tuning!;

        Assert.Equal("center-crop+raw", loaded.Chosen);
        Assert.Equal(report.Candidates.Select(c => (c.Name, c.SyntheticAuroc, c.HitRate, c.Separation, c.Objective)), loaded.Candidates.Select(c => (c.Name, c.SyntheticAuroc, c.HitRate, c.Separation, c.Objective)));
        Assert.Equal((3, 12, TimeSpan.FromMilliseconds(1234), false), (loaded.HeldOutReferences, loaded.SyntheticDefects, loaded.Elapsed, loaded.BudgetExhausted));
        FeatureThresholdEvidence t = Assert.Single(loaded.Thresholds);
        Assert.Equal([1.0, 1.1], t.NormalScores);
        Assert.Equal([1.5, 2.0, 2.5], t.DefectScores);
        Assert.Equal((1.3, "rule text"), (t.Threshold, t.Rule));
    }

    [Fact]
    public void A_tuning_report_that_announces_absurd_counts_is_refused()
    {
        float[] features = RandomFeatures(30, 16, 9);
        var model = new FeatureReferenceModel([new PatchMemorySlot(0, PatchMemoryBank.Create(features, 30, 16), null, Calibration, 1f, 2)], false, 4, 3, 2, Signature("x"), new FeatureTuningReport(Customizable.Vlm.Preprocessing.TensorResizeMode.Stretch, true, [], 0, 0, TimeSpan.Zero, false, []));
        byte[] bytes = Write(model);

        // The last eight bytes are the candidate count and the threshold-record count (both 0): announce two billion candidates.
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, bytes.Length - 8);

        Assert.Throws<InvalidProfileException>(() => Read(bytes));
    }

    private static PatchMemorySlot Single(FeatureReferenceModel model) => Assert.Single(model.SlotMemories);

    private static byte[] Write(FeatureReferenceModel model)
    {
        using var stream = new MemoryStream();
        FeatureReferenceModelFormat.Write(model, stream);
        return stream.ToArray();
    }

    private static FeatureReferenceModel Read(byte[] bytes) => FeatureReferenceModelFormat.Read(new MemoryStream(bytes));

    [Theory]
    [InlineData(6)]
    [InlineData(24)] // every component: the exact search's rotation, with no residual coordinate
    public void A_model_with_a_projection_round_trips_exactly(int components)
    {
        FeatureReferenceModel model = Projected(components);

        FeatureReferenceModel copy = Read(Write(model));

        PatchMemorySlot original = Single(model), loaded = Single(copy);
        Assert.NotNull(loaded.Projection);
        Assert.Equal((components, components == 24, original.Projection!.OutputDimensions), (loaded.Projection!.Components, loaded.Projection.IsRotation, loaded.Bank.Dimensions));
        Assert.Equal(original.Projection!.Mean.ToArray(), loaded.Projection!.Mean.ToArray());
        Assert.Equal(original.Projection.Basis.ToArray(), loaded.Projection.Basis.ToArray());
        Assert.Equal(original.Projection.RetainedVariance, loaded.Projection.RetainedVariance);
        Assert.Equal(original.Bank.ToArray(), loaded.Bank.ToArray());
        Assert.Equal(24, copy.FeatureDimensions);
        Assert.Equal((original.Calibration, model.GridWidth, model.GridHeight, original.NormalPatchMax, model.ReferenceCount, model.FeatureSignature, model.SharedAcrossSlots),
            (loaded.Calibration, copy.GridWidth, copy.GridHeight, loaded.NormalPatchMax, copy.ReferenceCount, copy.FeatureSignature, copy.SharedAcrossSlots));
    }

    [Fact]
    public void A_version_1_model_written_before_projections_still_loads_as_an_exact_search()
    {
        float[] features = RandomFeatures(20, 8, 2);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            // The version 1 layout: no projection block between the calibration and the bank.
            writer.Write(1);
            writer.Write(Signature("sig"));
            writer.Write(3);
            writer.Write(5);
            writer.Write(4);
            writer.Write(0.5f);
            writer.Write(Calibration.Threshold);
            writer.Write(Calibration.Scale);
            writer.Write(Calibration.NormalMax);
            writer.Write(Calibration.NormalMean);
            writer.Write(Calibration.SampleCount);
            writer.Write(20);
            writer.Write(8);
            writer.Write(MemoryMarshal.AsBytes(features.AsSpan()));
        }

        FeatureReferenceModel model = Read(stream.ToArray());

        PatchMemorySlot slot = Single(model);
        Assert.Null(slot.Projection);
        Assert.Equal(features, slot.Bank.ToArray());
        Assert.Equal(8, model.FeatureDimensions);
        Assert.Equal(Calibration, slot.Calibration);
        Assert.True(model.SharedAcrossSlots);
        Assert.Same(slot, model.For(7));
    }

    [Fact]
    public void An_exact_model_round_trips_without_a_projection()
    {
        float[] features = RandomFeatures(30, 16, 3);
        FeatureReferenceModelFormat.Quantize(features);
        FeatureReferenceModel model = Model(new PatchMemorySlot(0, PatchMemoryBank.Create(features, 30, 16), null, Calibration, 1f, 2), "exact");

        FeatureReferenceModel copy = Read(Write(model));

        Assert.Null(Single(copy).Projection);
        Assert.Equal(features, Single(copy).Bank.ToArray());
    }

    [Fact]
    public void A_model_with_several_slots_round_trips_each_slot_and_refuses_a_slot_it_does_not_hold()
    {
        float[] a = RandomFeatures(10, 8, 4), b = RandomFeatures(12, 8, 5);
        FeatureReferenceModelFormat.Quantize(a);
        FeatureReferenceModelFormat.Quantize(b);
        FeatureReferenceModel model = Model(
            new PatchMemorySlot(0, PatchMemoryBank.Create(a, 10, 8), null, Calibration, 1f, 2),
            "slots",
            new PatchMemorySlot(3, PatchMemoryBank.Create(b, 12, 8), null, Calibration with { Threshold = 2 }, 2f, 2));

        FeatureReferenceModel copy = Read(Write(model));

        Assert.Equal([0, 3], copy.Slots);
        Assert.Equal(b, copy.For(3).Bank.ToArray());
        Assert.Equal(2, copy.For(3).Calibration.Threshold);
        Assert.Equal(22, copy.PatchCount);
        var error = Assert.Throws<CustomizableVlmException>(() => copy.For(1));
        Assert.Contains("slot 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Banks_are_stored_at_half_precision_so_a_saved_model_is_about_half_the_size_of_float32()
    {
        float[] features = RandomFeatures(200, 64, 6);
        FeatureReferenceModelFormat.Quantize(features);
        FeatureReferenceModel model = Model(new PatchMemorySlot(0, PatchMemoryBank.Create(features, 200, 64), null, Calibration, 1f, 2), "half");

        byte[] bytes = Write(model);

        Assert.InRange(bytes.Length, 200 * 64 * 2, (200 * 64 * 2) + 200);
        Assert.Equal(features, Single(Read(bytes)).Bank.ToArray());
    }

    [Fact]
    public void An_unknown_version_is_rejected_with_a_typed_exception()
    {
        byte[] bytes = Write(Projected());
        bytes[0] = 5;

        Assert.Throws<InvalidProfileException>(() => Read(bytes));
    }

    [Fact]
    public void A_projection_whose_basis_is_not_orthonormal_is_rejected_with_a_typed_exception()
    {
        FeatureReferenceModel model = Projected();
        byte[] bytes = Write(model);
        // The basis follows the mean; overwrite its first value with a large number.
        byte[] mean = MemoryMarshal.AsBytes(Single(model).Projection!.Mean).ToArray();
        int at = bytes.AsSpan().IndexOf(mean) + mean.Length;
        BitConverter.GetBytes(3f).CopyTo(bytes, at);

        Assert.Throws<InvalidProfileException>(() => Read(bytes));
    }

    [Fact]
    public void A_projection_that_does_not_match_the_bank_width_is_rejected_with_a_typed_exception()
    {
        FeatureReferenceModel model = Projected();
        byte[] bytes = Write(model);
        // The bank's dimension count is the int just before its features.
        PatchMemoryBank bank = Single(model).Bank;
        int bankAt = bytes.Length - (bank.Count * bank.Dimensions * 2) - sizeof(int);
        BitConverter.GetBytes(bank.Dimensions + 1).CopyTo(bytes, bankAt);

        Assert.Throws<InvalidProfileException>(() => Read(bytes));
    }

    [Fact]
    public void A_truncated_projection_is_rejected_with_a_typed_exception()
    {
        byte[] bytes = Write(Projected());

        for (int cut = 60; cut < 700; cut += 37)
        {
            Assert.Throws<InvalidProfileException>(() => Read(bytes[..cut]));
        }
    }
}
