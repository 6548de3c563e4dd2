using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Customizable.Vlm.Evaluation.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Cli.Tests.Support;

/// <summary>Generated inputs for the point-cloud and video tests: clouds (XYZ text, PLY, XYZ TIFF), clips as frame folders, animated
/// GIFs and (with ffmpeg) MP4 files. Clip frames are dark grey (60) with, in frames <c>[objectFrom, objectTo)</c>, a white square at
/// <see cref="Square"/>; <see cref="Fps"/> frames per second.</summary>
internal static class MediaFiles
{
    public const int Width = 64, Height = 48, Fps = 10;

    /// <summary>Where the white square sits, in frame pixels.</summary>
    public static readonly PixelRect Square = new(40, 10, 12, 12);

    public static Image<Rgb24> Frame(bool withObject)
    {
        var image = new Image<Rgb24>(Width, Height, new Rgb24(60, 60, 60));
        if (withObject)
        {
            for (int y = Square.Y; y < Square.Bottom; y++)
            {
                for (int x = Square.X; x < Square.Right; x++)
                {
                    image[x, y] = new Rgb24(255, 255, 255);
                }
            }
        }

        return image;
    }

    /// <summary>Writes a clip as a folder of PNG frames (000.png ...) and returns the folder.</summary>
    public static string FrameFolder(DatasetTree tree, string relative, int frames, int objectFrom = -1, int objectTo = -1)
    {
        string folder = tree.Path(relative);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < frames; i++)
        {
            using Image<Rgb24> frame = Frame(i >= objectFrom && i < objectTo);
            frame.SaveAsPng(Path.Combine(folder, i.ToString("000", CultureInfo.InvariantCulture) + ".png"));
        }

        return folder;
    }

    /// <summary>Writes a clip as an animated GIF (each frame shown 1/<see cref="Fps"/> s) and returns its path.</summary>
    public static string Gif(DatasetTree tree, string relative, int frames, int objectFrom = -1, int objectTo = -1)
    {
        string path = tree.Path(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using Image<Rgb24> gif = Frame(0 >= objectFrom && 0 < objectTo);
        gif.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = 100 / Fps;
        for (int i = 1; i < frames; i++)
        {
            using Image<Rgb24> frame = Frame(i >= objectFrom && i < objectTo);
            frame.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = 100 / Fps;
            gif.Frames.AddFrame(frame.Frames.RootFrame);
        }

        gif.Metadata.GetGifMetadata().RepeatCount = 0;
        gif.SaveAsGif(path);
        return path;
    }

    /// <summary>Encodes a frame folder to an MPEG-4 file with ffmpeg and returns its path.</summary>
    public static string Mp4(string frameFolder, string path)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-y", "-loglevel", "error", "-framerate", Fps.ToString(CultureInfo.InvariantCulture), "-i", Path.Combine(frameFolder, "%03d.png"), "-c:v", "mpeg4", "-q:v", "2", "-pix_fmt", "yuv420p", path })
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? path : throw new InvalidOperationException($"ffmpeg failed: {errors}");
    }

    /// <summary>Writes an ASCII XYZ cloud: a sheet of <paramref name="side"/> x <paramref name="side"/> points over [0, 1]^2 with a gentle
    /// wave, a little noise per seed, and optionally a bump (height 0.15, radius 0.15) at (0.5, 0.5). Points are written row by row.</summary>
    public static string Cloud(DatasetTree tree, string relative, int seed, bool bump = false, int side = 50)
    {
        var text = new StringBuilder();
        var random = new Random(seed);
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                double x = i / (side - 1.0), y = j / (side - 1.0);
                double z = (0.05 * Math.Sin(6 * x)) + (random.NextDouble() * 0.002);
                double d = Math.Sqrt(((x - 0.5) * (x - 0.5)) + ((y - 0.5) * (y - 0.5)));
                if (bump && d < 0.15)
                {
                    z += 0.15 * (1 - (d / 0.15 * (d / 0.15)));
                }

                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x:0.0000} {y:0.0000} {z:0.0000}"));
            }
        }

        return tree.Text(relative, text.ToString());
    }

    /// <summary>Writes a little-endian TIFF of 3 float32 samples per pixel (the MVTec 3D-AD XYZ layout), uncompressed, one strip.</summary>
    /// <remarks>Pixel (x, y) holds the point (x, y, 1), except the pixels of the first <paramref name="missingRows"/> rows, which are all
    /// zero (missing points).</remarks>
    public static string XyzTiff(DatasetTree tree, string relative, int width = 8, int height = 6, int missingRows = 0)
    {
        const int entries = 11;
        int ifd = 8, afterIfd = ifd + 2 + (entries * 12) + 4, bits = afterIfd, formats = bits + 6, data = formats + 6;
        int dataLength = width * height * 12;
        byte[] bytes = new byte[data + dataLength];
        "II"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)ifd);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ifd), entries);
        int at = ifd + 2;
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), count);
            if (type == 3 && count == 1)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 8), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), value);
            }

            at += 12;
        }

        Entry(256, 4, 1, (uint)width);
        Entry(257, 4, 1, (uint)height);
        Entry(258, 3, 3, (uint)bits);
        Entry(259, 3, 1, 1);
        Entry(262, 3, 1, 2);
        Entry(273, 4, 1, (uint)data);
        Entry(277, 3, 1, 3);
        Entry(278, 4, 1, (uint)height);
        Entry(279, 4, 1, (uint)dataLength);
        Entry(284, 3, 1, 1);
        Entry(339, 3, 3, (uint)formats);
        for (int i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bits + (2 * i)), 32);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(formats + (2 * i)), 3);
        }

        for (int p = missingRows * width; p < width * height; p++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(data + (p * 12)), p % width);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(data + (p * 12) + 4), p / width);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(data + (p * 12) + 8), 1f);
        }

        string path = tree.Path(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
