using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx;

/// <summary>The normal memory of one view slot: the reference patches of that slot's views, their optional projection, and the
/// calibration of that slot's scores.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class PatchMemorySlot
{
    public PatchMemorySlot(int slot, PatchMemoryBank bank, PatchProjection? projection, ScoreCalibration calibration, float normalPatchMax, int viewCount)
    {
        if (projection is not null && projection.OutputDimensions != bank.Dimensions)
        {
            throw new ArgumentException($"The projection writes {projection.OutputDimensions} values but the bank holds {bank.Dimensions}.", nameof(projection));
        }

        Slot = slot;
        Bank = bank;
        Projection = projection;
        Calibration = calibration;
        NormalPatchMax = normalPatchMax;
        ViewCount = viewCount;
    }

    /// <summary>Creates the bank a slot searches: for features projected by <paramref name="projection"/>, with the prefix index over
    /// its leading components (<see cref="PatchProjection.SearchPrefix"/>); for unprojected features, the plain bank.</summary>
    /// <param name="rows">Row-major features, <paramref name="count"/> x <paramref name="dimensions"/>.</param>
    /// <param name="count">Number of features.</param>
    /// <param name="dimensions">Length of each feature.</param>
    /// <param name="projection">The projection the features came from, or null.</param>
    /// <returns>The bank.</returns>
    public static PatchMemoryBank CreateBank(ReadOnlySpan<float> rows, int count, int dimensions, PatchProjection? projection) =>
        PatchMemoryBank.Create(rows, count, dimensions, projection?.SearchPrefix ?? 0);

    /// <summary>Gets the slot (<see cref="EncodedView.Slot"/>) whose views this memory holds.</summary>
    public int Slot { get; }

    /// <summary>Gets the memory bank of normal patch features (projected by <see cref="Projection"/> when there is one).</summary>
    public PatchMemoryBank Bank { get; }

    /// <summary>Gets the principal-component projection fitted on the slot's reference patches (a rotation that keeps every
    /// component for the exact search), or null for an exact profile saved before exact banks were rotated (searched over the raw
    /// features).</summary>
    public PatchProjection? Projection { get; }

    /// <summary>Gets the calibration from raw scores (patch distances) of this slot's views to [0, 1].</summary>
    public ScoreCalibration Calibration { get; }

    /// <summary>Gets the largest patch distance seen among the slot's references scored leave-one-out (the "normal range").</summary>
    public float NormalPatchMax { get; }

    /// <summary>Gets how many reference views the memory was built from.</summary>
    public int ViewCount { get; }

    /// <summary>Gets the length of the patch features compared (before any projection).</summary>
    public int FeatureDimensions => Projection?.InputDimensions ?? Bank.Dimensions;
}
