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

    private static FeatureReferenceModel Projected()
    {
        float[] features = RandomFeatures(120, 24, 1);
        PatchProjection projection = PatchProjection.Fit(features, 120, 24, 6);
        float[] rows = new float[120 * projection.OutputDimensions];
        projection.Project(features, 120, rows);
        return new FeatureReferenceModel(PatchMemoryBank.Create(rows, 120, projection.OutputDimensions), projection, Calibration, 4, 3, 0.75f, 10, "sig");
    }

    private static byte[] Write(FeatureReferenceModel model)
    {
        using var stream = new MemoryStream();
        FeatureReferenceModelFormat.Write(model, stream);
        return stream.ToArray();
    }

    private static FeatureReferenceModel Read(byte[] bytes) => FeatureReferenceModelFormat.Read(new MemoryStream(bytes));

    [Fact]
    public void A_model_with_a_projection_round_trips_exactly()
    {
        FeatureReferenceModel model = Projected();

        FeatureReferenceModel copy = Read(Write(model));

        Assert.NotNull(copy.Projection);
        Assert.Equal(model.Projection!.Mean.ToArray(), copy.Projection!.Mean.ToArray());
        Assert.Equal(model.Projection.Basis.ToArray(), copy.Projection.Basis.ToArray());
        Assert.Equal(model.Projection.RetainedVariance, copy.Projection.RetainedVariance);
        Assert.Equal(model.Bank.ToArray(), copy.Bank.ToArray());
        Assert.Equal(24, copy.FeatureDimensions);
        Assert.Equal((model.Calibration, model.GridWidth, model.GridHeight, model.NormalPatchMax, model.ReferenceCount, model.FeatureSignature),
            (copy.Calibration, copy.GridWidth, copy.GridHeight, copy.NormalPatchMax, copy.ReferenceCount, copy.FeatureSignature));
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
            writer.Write("sig");
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

        Assert.Null(model.Projection);
        Assert.Equal(features, model.Bank.ToArray());
        Assert.Equal(8, model.FeatureDimensions);
        Assert.Equal(Calibration, model.Calibration);
    }

    [Fact]
    public void An_exact_model_round_trips_without_a_projection()
    {
        float[] features = RandomFeatures(30, 16, 3);
        var model = new FeatureReferenceModel(PatchMemoryBank.Create(features, 30, 16), null, Calibration, 6, 5, 1f, 2, "exact");

        FeatureReferenceModel copy = Read(Write(model));

        Assert.Null(copy.Projection);
        Assert.Equal(features, copy.Bank.ToArray());
    }

    [Fact]
    public void An_unknown_version_is_rejected_with_a_typed_exception()
    {
        byte[] bytes = Write(Projected());
        bytes[0] = 3;

        Assert.Throws<InvalidProfileException>(() => Read(bytes));
    }

    [Fact]
    public void A_projection_whose_basis_is_not_orthonormal_is_rejected_with_a_typed_exception()
    {
        FeatureReferenceModel model = Projected();
        byte[] bytes = Write(model);
        // The basis follows the mean; overwrite its first value with a large number.
        byte[] mean = MemoryMarshal.AsBytes(model.Projection!.Mean).ToArray();
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
        int bankAt = bytes.Length - (model.Bank.Count * model.Bank.Dimensions * sizeof(float)) - sizeof(int);
        BitConverter.GetBytes(model.Bank.Dimensions + 1).CopyTo(bytes, bankAt);

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
