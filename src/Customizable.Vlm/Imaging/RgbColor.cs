namespace Customizable.Vlm.Imaging;

/// <summary>An opaque 8-bit-per-channel sRGB colour.</summary>
/// <param name="R">Red, 0 to 255.</param>
/// <param name="G">Green, 0 to 255.</param>
/// <param name="B">Blue, 0 to 255.</param>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>Gets black (0, 0, 0).</summary>
    public static RgbColor Black => new(0, 0, 0);

    /// <summary>Gets white (255, 255, 255).</summary>
    public static RgbColor White => new(255, 255, 255);
}
