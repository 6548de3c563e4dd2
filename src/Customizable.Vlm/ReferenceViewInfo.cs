namespace Customizable.Vlm;

/// <summary>What one reference view of a profile was: its source, label, slot, modality and size.</summary>
/// <remarks>Immutable. Profiles keep these even when they do not keep the views' pixels.</remarks>
/// <param name="SourceName">The name of the reference observation (usually its file name), or null.</param>
/// <param name="Label">The view's label, or null.</param>
/// <param name="Slot">The view's <see cref="EncodedView.Slot"/>.</param>
/// <param name="Modality">The modality of the observation the view was made from.</param>
/// <param name="Width">The view's width in pixels.</param>
/// <param name="Height">The view's height in pixels.</param>
public sealed record ReferenceViewInfo(string? SourceName, string? Label, int Slot, ObservationModality Modality, int Width, int Height)
{
    /// <summary>Describes a view.</summary>
    /// <param name="view">The view.</param>
    /// <returns>Its description.</returns>
    public static ReferenceViewInfo Of(EncodedView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Source?.Name, view.Label, view.Slot, view.Provenance.SourceModality, view.Frame.Width, view.Frame.Height);
    }
}
