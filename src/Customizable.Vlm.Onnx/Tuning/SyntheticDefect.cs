namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>A normal view with a planted synthetic defect: the altered frame and where the defect is.</summary>
/// <param name="Frame">The altered frame (same size and format as the original).</param>
/// <param name="Mask">Row-major defect mask over the frame's pixels (true = altered).</param>
/// <param name="Kind">What was planted.</param>
internal sealed record SyntheticDefect(RawFrame Frame, bool[] Mask, SyntheticDefectKind Kind);
