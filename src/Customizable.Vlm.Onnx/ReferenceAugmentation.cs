namespace Customizable.Vlm.Onnx;

/// <summary>
/// Transformed copies of the reference views that customization adds to the embedded reasoner's patch memory, so that a normal part
/// seen mirrored (a tile photographed the other way round, a tread or texture running the other way) still finds close patches.
/// Flags combine.
/// </summary>
[Flags]
public enum ReferenceAugmentation
{
    /// <summary>Only the reference views themselves.</summary>
    None = 0,

    /// <summary>Each reference mirrored left to right.</summary>
    FlipHorizontal = 1,

    /// <summary>Each reference mirrored top to bottom.</summary>
    FlipVertical = 2,
}
