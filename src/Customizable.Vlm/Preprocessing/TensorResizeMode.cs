namespace Customizable.Vlm.Preprocessing;

/// <summary>How a <see cref="TensorPreprocessor"/> fits a source image into the target tensor size.</summary>
public enum TensorResizeMode
{
    /// <summary>Resize directly to the target width and height; the aspect ratio is not preserved.</summary>
    Stretch = 0,

    /// <summary>
    /// Resize (aspect preserving) so that the shorter source side becomes <see cref="TensorPreprocessorOptions.ResizeShorterSide"/>,
    /// then take the centred <see cref="TensorPreprocessorOptions.TargetWidth"/> x <see cref="TensorPreprocessorOptions.TargetHeight"/> window.
    /// Only the pixels inside the window are computed.
    /// </summary>
    ShorterSideThenCenterCrop = 1,

    /// <summary>
    /// Resize (aspect preserving) so that the whole image fits inside the target, centre it and fill the remaining tensor pixels
    /// with <see cref="TensorPreprocessorOptions.PadValue"/>.
    /// </summary>
    Letterbox = 2,
}
