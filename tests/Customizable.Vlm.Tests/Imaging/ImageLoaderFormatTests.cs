using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Imaging;

public class ImageLoaderFormatTests
{
    // The conversion tests use images of a few pixels, below the default minimum size.
    private readonly ImageLoader _loader = new(new ImageLoadOptions { MinWidth = 1, MinHeight = 1 });

    public static TheoryData<string> LosslessFormats => new() { "png", "bmp", "tiff", "webp" };

    [Theory]
    [MemberData(nameof(LosslessFormats))]
    public void Lossless_formats_round_trip_every_pixel_exactly(string format)
    {
        using Image<Rgb24> image = TestImages.Noise(37, 23, seed: 7);
        byte[] encoded = TestImages.Encode(image, TestImages.EncoderFor(format));

        RawFrame frame = _loader.Load(encoded, "noise." + format);

        Assert.Equal(PixelFormat.Rgb24, frame.Format);
        Assert.Equal((37, 23, 37 * 3), (frame.Width, frame.Height, frame.Stride));
        Assert.Equal(TestImages.RgbBytes(image), frame.Pixels.ToArray());
    }

    [Theory]
    [MemberData(nameof(LosslessFormats))]
    public async Task Lossless_formats_load_from_a_file_and_from_a_stream_alike(string format)
    {
        using Image<Rgb24> image = TestImages.Noise(16, 9, seed: 3);
        byte[] encoded = TestImages.Encode(image, TestImages.EncoderFor(format));
        using var temp = new TempDirectory();
        string path = temp.Write("noise." + format, encoded);

        RawFrame fromFile = await _loader.LoadAsync(path);
        RawFrame fromStream = await _loader.LoadAsync(new NonSeekableStream(encoded), "noise");

        Assert.Equal(TestImages.RgbBytes(image), fromFile.Pixels.ToArray());
        Assert.Equal(TestImages.RgbBytes(image), fromStream.Pixels.ToArray());
    }

    [Fact]
    public void A_jpeg_round_trips_approximately()
    {
        using Image<Rgb24> image = TestImages.Gradient(64, 48);
        byte[] encoded = TestImages.Encode(image, new JpegEncoder { Quality = 95 });

        RawFrame frame = _loader.Load(encoded, "gradient.jpg");

        byte[] expected = TestImages.RgbBytes(image);
        byte[] actual = frame.Pixels.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double meanError = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 3, $"Mean absolute error {meanError:F2} is too large for quality 95.");
    }

    [Fact]
    public void An_animated_gif_yields_its_first_frame()
    {
        using var image = new Image<Rgba32>(8, 6, new Rgba32(255, 0, 0));
        using var green = new Image<Rgba32>(8, 6, new Rgba32(0, 255, 0));
        using var blue = new Image<Rgba32>(8, 6, new Rgba32(0, 0, 255));
        image.Frames.AddFrame(green.Frames.RootFrame);
        image.Frames.AddFrame(blue.Frames.RootFrame);
        Assert.Equal(3, image.Frames.Count);
        byte[] encoded = TestImages.Encode(image, new GifEncoder());

        RawFrame frame = _loader.Load(encoded, "three.gif");

        Assert.Equal((8, 6), (frame.Width, frame.Height));
        Assert.All(Enumerable.Range(0, 6), y => Assert.Equal((255, 0, 0), ToTuple(TestImages.PixelAt(frame, 7, y))));
        Assert.Equal((255, 0, 0), ToTuple(TestImages.PixelAt(frame, 0, 0)));
    }

    [Fact]
    public void A_multi_page_tiff_yields_its_first_page()
    {
        using var image = new Image<Rgb24>(5, 4, new Rgb24(10, 20, 30));
        using var second = new Image<Rgb24>(5, 4, new Rgb24(200, 100, 50));
        image.Frames.AddFrame(second.Frames.RootFrame);
        byte[] encoded = TestImages.Encode(image, new TiffEncoder());

        RawFrame frame = _loader.Load(encoded, "pages.tiff");

        Assert.Equal((10, 20, 30), ToTuple(TestImages.PixelAt(frame, 4, 3)));
    }

    [Fact]
    public void Exif_orientation_6_is_applied_so_coordinates_are_as_displayed()
    {
        // Stored 32x16 with a red 8x8 block at the stored top-left; orientation 6 means "rotate 90 degrees clockwise to display",
        // so the block ends up at the displayed top-right of a 16x32 image.
        using var image = new Image<Rgb24>(32, 16, new Rgb24(0, 0, 0));
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < 8; y++)
            {
                accessor.GetRowSpan(y)[..8].Fill(new Rgb24(255, 0, 0));
            }
        });
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        byte[] encoded = TestImages.Encode(image, new JpegEncoder { Quality = 95 });

        RawFrame oriented = _loader.Load(encoded, "rotated.jpg");
        RawFrame stored = new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1, ApplyExifOrientation = false }).Load(encoded, "rotated.jpg");

        Assert.Equal((16, 32), (oriented.Width, oriented.Height));
        Assert.True(TestImages.PixelAt(oriented, 12, 3).R > 200, "The marker must be at the displayed top-right.");
        Assert.True(TestImages.PixelAt(oriented, 3, 3).R < 50, "The displayed top-left must be dark.");
        Assert.True(TestImages.PixelAt(oriented, 12, 28).R < 50, "The displayed bottom-right must be dark.");
        Assert.Equal((32, 16), (stored.Width, stored.Height));
        Assert.True(TestImages.PixelAt(stored, 3, 3).R > 200);
    }

    [Fact]
    public void An_8_bit_grayscale_png_becomes_gray_rgb()
    {
        using var image = new Image<L8>(3, 2);
        image[0, 0] = new L8(0);
        image[1, 0] = new L8(77);
        image[2, 1] = new L8(255);
        byte[] encoded = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });

        RawFrame frame = _loader.Load(encoded, "gray8.png");

        Assert.Equal((77, 77, 77), ToTuple(TestImages.PixelAt(frame, 1, 0)));
        Assert.Equal((255, 255, 255), ToTuple(TestImages.PixelAt(frame, 2, 1)));
        Assert.Equal((0, 0, 0), ToTuple(TestImages.PixelAt(frame, 0, 0)));
    }

    [Fact]
    public void A_16_bit_grayscale_png_becomes_8_bit_gray_rgb()
    {
        using var image = new Image<L16>(2, 1);
        image[0, 0] = new L16(200 * 257);
        image[1, 0] = new L16(ushort.MaxValue);
        byte[] encoded = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });

        RawFrame frame = _loader.Load(encoded, "gray16.png");

        Assert.Equal((200, 200, 200), ToTuple(TestImages.PixelAt(frame, 0, 0)));
        Assert.Equal((255, 255, 255), ToTuple(TestImages.PixelAt(frame, 1, 0)));
    }

    [Fact]
    public void A_16_bit_rgb_png_becomes_8_bit_rgb()
    {
        using var image = new Image<Rgb48>(2, 1);
        image[0, 0] = new Rgb48(10 * 257, 128 * 257, 250 * 257);
        image[1, 0] = new Rgb48(0, ushort.MaxValue, 0);
        byte[] encoded = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });

        RawFrame frame = _loader.Load(encoded, "rgb48.png");

        Assert.Equal((10, 128, 250), ToTuple(TestImages.PixelAt(frame, 0, 0)));
        Assert.Equal((0, 255, 0), ToTuple(TestImages.PixelAt(frame, 1, 0)));
    }

    [Fact]
    public void A_16_bit_rgb_tiff_becomes_8_bit_rgb()
    {
        using var image = new Image<Rgb48>(2, 1);
        image[0, 0] = new Rgb48(10 * 257, 128 * 257, 250 * 257);
        image[1, 0] = new Rgb48(ushort.MaxValue, 0, 0);
        byte[] encoded = TestImages.Encode(image, new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit48 });

        RawFrame frame = _loader.Load(encoded, "rgb48.tiff");

        Assert.Equal((10, 128, 250), ToTuple(TestImages.PixelAt(frame, 0, 0)));
        Assert.Equal((255, 0, 0), ToTuple(TestImages.PixelAt(frame, 1, 0)));
    }

    [Fact]
    public void Alpha_is_composited_over_the_configured_background()
    {
        using var image = new Image<Rgba32>(3, 1);
        image[0, 0] = new Rgba32(200, 100, 50, 255);
        image[1, 0] = new Rgba32(200, 100, 50, 0);
        image[2, 0] = new Rgba32(200, 100, 50, 128);
        byte[] encoded = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        RawFrame overWhite = _loader.Load(encoded, "alpha.png");
        RawFrame overBlack = new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1, AlphaBackground = RgbColor.Black }).Load(encoded, "alpha.png");

        Assert.Equal((200, 100, 50), ToTuple(TestImages.PixelAt(overWhite, 0, 0)));
        Assert.Equal((255, 255, 255), ToTuple(TestImages.PixelAt(overWhite, 1, 0)));
        Assert.Equal((Blend(200, 255, 128), Blend(100, 255, 128), Blend(50, 255, 128)), ToTuple(TestImages.PixelAt(overWhite, 2, 0)));
        Assert.Equal((0, 0, 0), ToTuple(TestImages.PixelAt(overBlack, 1, 0)));
        Assert.Equal((Blend(200, 0, 128), Blend(100, 0, 128), Blend(50, 0, 128)), ToTuple(TestImages.PixelAt(overBlack, 2, 0)));
    }

    [Fact]
    public void A_palette_png_with_a_transparent_entry_is_composited()
    {
        using var image = new Image<Rgba32>(2, 1);
        image[0, 0] = new Rgba32(0, 0, 255, 255);
        image[1, 0] = new Rgba32(0, 0, 0, 0);
        byte[] encoded = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Palette });

        RawFrame frame = new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1, AlphaBackground = new RgbColor(1, 2, 3) }).Load(encoded, "palette.png");

        Assert.Equal((0, 0, 255), ToTuple(TestImages.PixelAt(frame, 0, 0)));
        Assert.Equal((1, 2, 3), ToTuple(TestImages.PixelAt(frame, 1, 0)));
    }

    private static int Blend(int colour, int background, int alpha) =>
        (int)Math.Round(((colour * alpha) + (background * (255 - alpha))) / 255.0, MidpointRounding.AwayFromZero);

    private static (int, int, int) ToTuple((byte R, byte G, byte B) p) => (p.R, p.G, p.B);
}
