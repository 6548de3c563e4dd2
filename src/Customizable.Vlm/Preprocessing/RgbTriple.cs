namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// Three per-channel values, always given in red, green, blue order, whatever the pixel format of the input or the channel order
/// of the output tensor.
/// </summary>
/// <param name="R">The value for the red channel.</param>
/// <param name="G">The value for the green channel.</param>
/// <param name="B">The value for the blue channel.</param>
public readonly record struct RgbTriple(float R, float G, float B)
{
    /// <summary>Creates a triple with the same value for all three channels.</summary>
    /// <param name="value">The value of every channel.</param>
    /// <returns>The triple (<paramref name="value"/>, <paramref name="value"/>, <paramref name="value"/>).</returns>
    public static RgbTriple All(float value) => new(value, value, value);

    /// <summary>Gets the value of one channel by its RGB index.</summary>
    /// <param name="rgbIndex">0 = red, 1 = green, 2 = blue.</param>
    /// <returns>The channel's value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is not 0, 1 or 2.</exception>
    public float Get(int rgbIndex) => rgbIndex switch
    {
        0 => R,
        1 => G,
        2 => B,
        _ => throw new ArgumentOutOfRangeException(nameof(rgbIndex), rgbIndex, "The channel index must be 0 (red), 1 (green) or 2 (blue)."),
    };

    internal bool AllFinite => float.IsFinite(R) && float.IsFinite(G) && float.IsFinite(B);
}
