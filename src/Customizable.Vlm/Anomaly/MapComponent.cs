namespace Customizable.Vlm.Anomaly;

/// <summary>One connected region of a thresholded map.</summary>
/// <param name="Box">Bounding box in map pixels.</param>
/// <param name="Mask">The region's pixels inside <paramref name="Box"/>.</param>
/// <param name="PixelCount">Number of pixels in the region.</param>
/// <param name="Peak">Largest map value inside the region.</param>
/// <param name="PeakX">Column of the peak.</param>
/// <param name="PeakY">Row of the peak.</param>
internal sealed record MapComponent(PixelRect Box, RegionMask Mask, int PixelCount, float Peak, int PeakX, int PeakY);
