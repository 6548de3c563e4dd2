namespace Customizable.Vlm;

/// <summary>One 2D view of an observation, as produced by an <see cref="IModalityEncoder"/>: pixels plus how they map back to the source.</summary>
/// <remarks>Immutable. Views made by this library's encoders own fresh pixel memory that nobody else writes, so they are safe to share across threads.</remarks>
public sealed class EncodedView
{
    /// <summary>Initializes a new view.</summary>
    /// <param name="frame">The view's pixels.</param>
    /// <param name="provenance">How view pixels map back to the source observation.</param>
    /// <param name="label">A short human-readable label (e.g. "image", "top view", "t=1.20s"), used in prompts and reports.</param>
    /// <param name="source">The observation the view was made from, or null when unknown.</param>
    /// <param name="index">The view's index among the views of its observation (0-based).</param>
    public EncodedView(RawFrame frame, ViewProvenance provenance, string? label = null, Observation? source = null, int index = 0)
    {
        Frame = Throw.IfNull(frame);
        Provenance = Throw.IfNull(provenance);
        Label = label;
        Source = source;
        Index = Throw.IfLessThan(index, 0);
        Slot = index;
    }

    /// <summary>Gets the view's pixels.</summary>
    public RawFrame Frame { get; }

    /// <summary>Gets how view pixels map back to the source observation.</summary>
    public ViewProvenance Provenance { get; }

    /// <summary>Gets a short human-readable label, or null.</summary>
    public string? Label { get; }

    /// <summary>Gets the observation the view was made from, or null.</summary>
    public Observation? Source { get; }

    /// <summary>Gets the view's index among the views of its observation.</summary>
    public int Index { get; }

    /// <summary>
    /// Gets the view slot: which reference views this view is compared with. A query view of slot <c>s</c> is compared only with
    /// reference views of slot <c>s</c> (the same camera of a rendered point cloud, the same camera of a multi-view rig). Defaults to
    /// <see cref="Index"/>; encoders whose views all show the same scene from the same camera (the frames of a fixed-camera video)
    /// give them one slot (0).
    /// </summary>
    public int Slot { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Label ?? "view"} #{Index} {Frame}";
}
