using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx;

/// <summary>The embedded reasoner's reference model: a memory bank of normal patch features and the score calibration.</summary>
/// <remarks>Immutable and thread-safe. The feature settings it was built with are recorded so that a profile is only used with
/// compatible settings.</remarks>
public sealed class FeatureReferenceModel : ReferenceModel
{
    internal FeatureReferenceModel(PatchMemoryBank bank, PatchProjection? projection, ScoreCalibration calibration, int gridWidth, int gridHeight, float normalPatchMax, int referenceCount, string featureSignature)
    {
        if (projection is not null && projection.OutputDimensions != bank.Dimensions)
        {
            throw new ArgumentException($"The projection writes {projection.OutputDimensions} values but the bank holds {bank.Dimensions}.", nameof(projection));
        }

        Bank = bank;
        Projection = projection;
        Calibration = calibration;
        GridWidth = gridWidth;
        GridHeight = gridHeight;
        NormalPatchMax = normalPatchMax;
        ReferenceCount = referenceCount;
        FeatureSignature = featureSignature;
    }

    /// <summary>The kind string of this model.</summary>
    public const string ModelKind = "customizable-vlm/patch-memory/v1";

    /// <inheritdoc />
    public override string Kind => ModelKind;

    /// <inheritdoc />
    public override int ReferenceCount { get; }

    /// <summary>Gets the memory bank of normal patch features (projected by <see cref="Projection"/> when there is one).</summary>
    public PatchMemoryBank Bank { get; }

    /// <summary>Gets the principal-component projection fitted on the reference patches, or <see langword="null"/> when the bank
    /// holds full features and the search is exact. Query patches are projected with it before the search.</summary>
    public PatchProjection? Projection { get; }

    /// <summary>Gets the length of the patch features the model compares (before any projection).</summary>
    public int FeatureDimensions => Projection?.InputDimensions ?? Bank.Dimensions;

    /// <summary>Gets the calibration from raw scores (patch distances) to [0, 1].</summary>
    public ScoreCalibration Calibration { get; }

    /// <summary>Gets the patch grid width of one image.</summary>
    public int GridWidth { get; }

    /// <summary>Gets the patch grid height of one image.</summary>
    public int GridHeight { get; }

    /// <summary>Gets the largest patch distance seen among the references scored leave-one-out (the "normal range").</summary>
    public float NormalPatchMax { get; }

    /// <summary>Gets a description of the feature settings the bank was built with (backbone, layers, resize, normalisation).</summary>
    public string FeatureSignature { get; }
}
