using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Tests.Imaging;

public class ToRgb24Tests
{
    private readonly ImageLoader _loader = new(new ImageLoadOptions { AlphaBackground = new RgbColor(0, 0, 100) });

    [Fact]
    public void A_tightly_packed_rgb_frame_is_returned_as_is()
    {
        var frame = new RawFrame(2, 1, PixelFormat.Rgb24, new byte[] { 1, 2, 3, 4, 5, 6 });

        Assert.Same(frame, _loader.ToRgb24(frame));
    }

    [Fact]
    public void A_padded_rgb_frame_is_repacked_without_the_padding()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6, 99, 99, 7, 8, 9, 10, 11, 12];
        var frame = new RawFrame(2, 2, PixelFormat.Rgb24, pixels, stride: 8);

        RawFrame rgb = _loader.ToRgb24(frame);

        Assert.Equal(6, rgb.Stride);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, rgb.Pixels.ToArray());
    }

    [Fact]
    public void Bgr_channels_are_swapped()
    {
        var frame = new RawFrame(2, 1, PixelFormat.Bgr24, new byte[] { 3, 2, 1, 6, 5, 4 });

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, _loader.ToRgb24(frame).Pixels.ToArray());
    }

    [Fact]
    public void Rgba_pixels_are_composited_over_the_alpha_background()
    {
        var frame = new RawFrame(3, 1, PixelFormat.Rgba32, new byte[] { 10, 20, 30, 255, 10, 20, 30, 0, 255, 255, 255, 51 });

        byte[] rgb = _loader.ToRgb24(frame).Pixels.ToArray();

        // 51/255 = 0.2: 255 * 0.2 + 0 * 0.8 = 51 and 255 * 0.2 + 100 * 0.8 = 131.
        Assert.Equal(new byte[] { 10, 20, 30, 0, 0, 100, 51, 51, 131 }, rgb);
    }

    [Fact]
    public void Bgra_pixels_are_swapped_and_composited()
    {
        var frame = new RawFrame(2, 1, PixelFormat.Bgra32, new byte[] { 30, 20, 10, 255, 30, 20, 10, 0 });

        Assert.Equal(new byte[] { 10, 20, 30, 0, 0, 100 }, _loader.ToRgb24(frame).Pixels.ToArray());
    }

    [Fact]
    public void Gray_is_replicated_to_three_channels()
    {
        var frame = new RawFrame(3, 1, PixelFormat.Gray8, new byte[] { 0, 128, 255 });

        Assert.Equal(new byte[] { 0, 0, 0, 128, 128, 128, 255, 255, 255 }, _loader.ToRgb24(frame).Pixels.ToArray());
    }

    [Theory]
    [InlineData(PixelFormat.Bgr24)]
    [InlineData(PixelFormat.Rgba32)]
    [InlineData(PixelFormat.Bgra32)]
    [InlineData(PixelFormat.Gray8)]
    public void Padded_frames_of_every_format_convert_row_by_row(PixelFormat format)
    {
        const int width = 5, height = 3, padding = 7;
        int bpp = format.BytesPerPixel();
        int stride = (width * bpp) + padding;
        byte[] padded = new byte[stride * height];
        byte[] packed = new byte[width * bpp * height];
        var random = new Random((int)format);
        for (int y = 0; y < height; y++)
        {
            for (int i = 0; i < width * bpp; i++)
            {
                byte value = (byte)random.Next(256);
                padded[(y * stride) + i] = value;
                packed[(y * width * bpp) + i] = value;
            }

            padded.AsSpan((y * stride) + (width * bpp), padding).Fill(0xEE);
        }

        RawFrame fromPadded = _loader.ToRgb24(new RawFrame(width, height, format, padded, stride));
        RawFrame fromPacked = _loader.ToRgb24(new RawFrame(width, height, format, packed));

        Assert.Equal(PixelFormat.Rgb24, fromPadded.Format);
        Assert.Equal(width * 3, fromPadded.Stride);
        Assert.Equal(fromPacked.Pixels.ToArray(), fromPadded.Pixels.ToArray());
    }
}
