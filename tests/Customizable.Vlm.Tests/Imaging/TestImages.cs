using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>Generates test images with ImageSharp; no binary fixtures are checked in.</summary>
internal static class TestImages
{
    public static Image<Rgb24> Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<Rgb24> row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        return image;
    }

    public static Image<Rgb24> Gradient(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<Rgb24> row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x * 255 / (width - 1)), (byte)(y * 255 / (height - 1)), 128);
                }
            }
        });
        return image;
    }

    /// <summary>An encoder for a format name (png, jpeg, gif, bmp, tiff, webp); every one but jpeg and gif is lossless for RGB.</summary>
    public static IImageEncoder EncoderFor(string format) => format switch
    {
        "png" => new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 },
        "jpeg" => new JpegEncoder { Quality = 90 },
        "gif" => new GifEncoder(),
        "bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
        "tiff" => new TiffEncoder(),
        "webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static byte[] Encode<TPixel>(Image<TPixel> image, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    public static byte[] RgbBytes(Image<Rgb24> image)
    {
        byte[] bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    public static (byte R, byte G, byte B) PixelAt(RawFrame frame, int x, int y)
    {
        ReadOnlySpan<byte> row = frame.GetRow(y);
        return (row[x * 3], row[(x * 3) + 1], row[(x * 3) + 2]);
    }
}
