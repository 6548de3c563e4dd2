using System.Globalization;
using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

/// <summary>The embedded reasoner's reference model: per view slot, a memory bank of normal patch features and the score
/// calibration of that slot.</summary>
/// <remarks>
/// <para>Immutable and thread-safe. The feature settings it was built with are recorded (<see cref="FeatureSignature"/>) so that a
/// profile is only used with compatible settings; a mismatch is reported when the profile is loaded.</para>
/// <para>Slots: a query view of slot <c>s</c> (<see cref="EncodedView.Slot"/>) is compared only with the memory of slot <c>s</c>.
/// Models read from profiles written before slots existed hold one memory that serves every slot
/// (<see cref="SharedAcrossSlots"/>).</para>
/// </remarks>
public sealed class FeatureReferenceModel : ReferenceModel
{
    private readonly PatchMemorySlot[] _slots;

    internal FeatureReferenceModel(IReadOnlyList<PatchMemorySlot> slots, bool sharedAcrossSlots, int gridWidth, int gridHeight, int referenceCount, string featureSignature, FeatureTuningReport? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(featureSignature);
        if (!FeatureSettings.TryParse(featureSignature, out string baseSignature, out FeatureSettings settings))
        {
            throw new ArgumentException($"The feature signature '{featureSignature}' names no resize mode or normalisation.", nameof(featureSignature));
        }

        BaseSignature = baseSignature;
        Settings = settings;
        Tuning = tuning;
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.Count == 0 || (sharedAcrossSlots && slots.Count != 1))
        {
            throw new ArgumentException("A model holds at least one slot memory, and exactly one when it is shared across slots.", nameof(slots));
        }

        if (slots.Select(s => s.Slot).Distinct().Count() != slots.Count || slots.Select(s => s.FeatureDimensions).Distinct().Count() != 1)
        {
            throw new ArgumentException("Slot memories must have distinct slots and the same feature length.", nameof(slots));
        }

        _slots = [.. slots.OrderBy(s => s.Slot)];
        SharedAcrossSlots = sharedAcrossSlots;
        GridWidth = gridWidth;
        GridHeight = gridHeight;
        ReferenceCount = referenceCount;
        FeatureSignature = featureSignature;
    }

    /// <summary>The kind string of this model.</summary>
    public const string ModelKind = "customizable-vlm/patch-memory/v1";

    /// <inheritdoc />
    public override string Kind => ModelKind;

    /// <inheritdoc />
    public override int ReferenceCount { get; }

    /// <inheritdoc />
    public override string? Compatibility => FeatureSignature;

    /// <summary>Gets a description of the feature settings the model was built with (backbone, layers, resize, normalisation).</summary>
    public string FeatureSignature { get; }

    /// <summary>Gets how views are fitted to the backbone input for this model (chosen at customization or pinned).</summary>
    public TensorResizeMode ResizeMode => Settings.ResizeMode;

    /// <summary>Gets whether this model scales patch features to unit length (chosen at customization or pinned).</summary>
    public bool NormalizeFeatures => Settings.Normalize;

    /// <summary>Gets whether this model scales each backbone layer's block of a patch feature on its own, all to the same length (see
    /// <see cref="FeatureReasonerOptions.NormalizeLayersSeparately"/>); false for models that normalise the whole feature, or none.</summary>
    public bool NormalizesLayersSeparately => Settings.Normalize && Settings.PerLayer;

    /// <summary>Gets whether this model scores each query also mirrored left to right, averaging each patch distance with its
    /// mirrored twin's (see <see cref="FeatureReasonerOptions.MirroredQuery"/>); its threshold was set on scores taken the same way.
    /// False for models saved before the option existed.</summary>
    public bool MirrorsQuery => Settings.MirrorQuery;

    /// <summary>Gets what self-tuning chose at customization and its evidence; null for models saved before self-tuning
    /// existed.</summary>
    public FeatureTuningReport? Tuning { get; }

    /// <summary>Gets the view slots the model holds a memory for, ascending.</summary>
    public IReadOnlyList<int> Slots => [.. _slots.Select(s => s.Slot)];

    /// <summary>Gets whether one memory serves every slot (models saved before per-slot memories existed).</summary>
    public bool SharedAcrossSlots { get; }

    /// <inheritdoc />
    public override bool CoversSlot(int slot) => SharedAcrossSlots || _slots.Any(s => s.Slot == slot);

    /// <summary>Gets the number of normal patches held, over all slots.</summary>
    public int PatchCount => _slots.Sum(s => s.Bank.Count);

    /// <summary>Gets the length of the patch features the model compares (before any projection).</summary>
    public int FeatureDimensions => _slots[0].FeatureDimensions;

    /// <summary>Gets how many values the search compares per patch: the projection's output, or <see cref="FeatureDimensions"/>
    /// for the exact search.</summary>
    public int SearchDimensions => _slots[0].Bank.Dimensions;

    /// <summary>Gets the patch grid width of one view.</summary>
    public int GridWidth { get; }

    /// <summary>Gets the patch grid height of one view.</summary>
    public int GridHeight { get; }

    internal IReadOnlyList<PatchMemorySlot> SlotMemories => _slots;

    /// <summary>Gets the signature without the per-model settings (what must match the reasoner).</summary>
    internal string BaseSignature { get; }

    internal FeatureSettings Settings { get; }

    /// <summary>Gets the memory a view of <paramref name="slot"/> is compared with.</summary>
    /// <exception cref="CustomizableVlmException">No reference view had that slot.</exception>
    internal PatchMemorySlot For(int slot)
    {
        if (SharedAcrossSlots)
        {
            return _slots[0];
        }

        foreach (PatchMemorySlot memory in _slots)
        {
            if (memory.Slot == slot)
            {
                return memory;
            }
        }

        throw new CustomizableVlmException(string.Create(
            CultureInfo.InvariantCulture,
            $"The query has a view of slot {slot}, but the references gave views of slot(s) {string.Join(", ", Slots)} only: a query view is compared with reference views of its own slot (the same camera). Customize with references that yield the same views as the queries."));
    }
}
