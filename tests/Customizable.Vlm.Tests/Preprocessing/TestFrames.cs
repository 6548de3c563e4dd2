namespace Customizable.Vlm.Tests.Preprocessing;

/// <summary>Deterministic test images.</summary>
internal static class TestFrames
{
    /// <summary>Creates a frame of random bytes (including the stride padding).</summary>
    public static RawFrame Random(int width, int height, PixelFormat format = PixelFormat.Rgb24, int extraStrideBytes = 0, int seed = 1)
    {
        int stride = (width * format.BytesPerPixel()) + extraStrideBytes;
        var pixels = new byte[stride * height];
        new Random(seed).NextBytes(pixels);
        return new RawFrame(width, height, format, pixels, stride);
    }

    /// <summary>Creates a black RGB frame with one white pixel.</summary>
    public static RawFrame Dot(int width, int height, int x, int y)
    {
        var pixels = new byte[width * height * 3];
        int i = ((y * width) + x) * 3;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 255;
        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }
}
