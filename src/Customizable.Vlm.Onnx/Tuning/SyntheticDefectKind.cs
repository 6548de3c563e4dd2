namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>The kinds of synthetic defect planted on held-out normal references to tune customization.</summary>
internal enum SyntheticDefectKind
{
    /// <summary>A thin dark or bright curved line.</summary>
    Scratch = 0,

    /// <summary>A soft-edged ellipse of shifted colour.</summary>
    ColourBlob = 1,

    /// <summary>An ellipse of strong pixel noise.</summary>
    NoiseBlob = 2,

    /// <summary>A rectangle cut from elsewhere in the same view, rotated by a quarter turn and pasted.</summary>
    CutPaste = 3,

    /// <summary>An ellipse filled with the view's border colour (as if material were missing and the background showed).</summary>
    MissingPiece = 4,
}
