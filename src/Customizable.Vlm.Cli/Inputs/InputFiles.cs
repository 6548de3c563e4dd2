using System.Buffers.Binary;
using System.Globalization;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Cli.Inputs;

/// <summary>
/// Tells which modality a file holds, by its extension and, where an extension is shared by several modalities, by a look at its
/// first bytes (never a full decode):
/// <list type="bullet">
/// <item><c>.ply .pcd .xyz .pts</c>: a point cloud; <c>.csv .txt</c>: a point cloud when its first data line holds at least three
/// numbers (a header line before it is allowed), otherwise not an input (a README beside the data is skipped).</item>
/// <item><c>.tif .tiff</c>: a point cloud when the TIFF holds 3 float samples per pixel (the MVTec 3D-AD organized XYZ layout); a video
/// when it holds more than one page; an image otherwise.</item>
/// <item><c>.gif</c>: a video when animated (more than one frame), an image otherwise.</item>
/// <item><c>.mp4 .m4v .mov .avi .mkv .webm .mpg .mpeg .wmv .flv .ogv .3gp</c>: a video (decoded by ffmpeg).</item>
/// <item>The other image extensions (<c>.png .jpg .jpeg .bmp .webp</c>): an image.</item>
/// </list>
/// Stateless and thread-safe.
/// </summary>
internal static class InputFiles
{
    /// <summary>Point-cloud extensions whose content is not sniffed.</summary>
    public static readonly IReadOnlyList<string> CloudExtensions = [".ply", ".pcd", ".xyz", ".pts"];

    /// <summary>Text extensions that hold a point cloud when their first data line has at least three numbers.</summary>
    public static readonly IReadOnlyList<string> TextCloudExtensions = [".csv", ".txt"];

    /// <summary>Video-file extensions (decoded by ffmpeg).</summary>
    public static readonly IReadOnlyList<string> VideoExtensions = [".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".flv", ".ogv", ".3gp"];

    /// <summary>Every extension read, as help texts and errors write them.</summary>
    public static string ExtensionsText =>
        $"images {string.Join(" ", DatasetFiles.ImageExtensionList)}; point clouds {string.Join(" ", CloudExtensions.Concat(TextCloudExtensions))} and XYZ .tiff; " +
        $"videos {string.Join(" ", VideoExtensions)}, animated .gif and folders of frames";

    /// <summary>Whether a file's extension is one any modality reads (before looking at its content).</summary>
    public static bool HasKnownExtension(string path)
    {
        string extension = Path.GetExtension(path);
        return !Path.GetFileName(path).StartsWith('.')
            && (DatasetFiles.IsImage(path) || Contains(CloudExtensions, extension) || Contains(TextCloudExtensions, extension) || Contains(VideoExtensions, extension));
    }

    /// <summary>Classifies a regular file found in a folder.</summary>
    /// <param name="path">The file (regular, already checked).</param>
    /// <param name="reader">Probes GIFs for their frame count (no ffmpeg involved).</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The modality, or null when the file is not an input (unknown extension, a text file without numbers).</returns>
    public static async Task<ObservationModality?> ClassifyAsync(string path, VideoFrameReader reader, CancellationToken cancellationToken)
    {
        string extension = Path.GetExtension(path);
        if (Path.GetFileName(path).StartsWith('.'))
        {
            return null;
        }

        if (Contains(CloudExtensions, extension))
        {
            return ObservationModality.PointCloud;
        }

        if (Contains(TextCloudExtensions, extension))
        {
            return LooksLikeTextCloud(path) ? ObservationModality.PointCloud : null;
        }

        if (Contains(VideoExtensions, extension))
        {
            return ObservationModality.Video;
        }

        if (extension.Equals(".tif", StringComparison.OrdinalIgnoreCase) || extension.Equals(".tiff", StringComparison.OrdinalIgnoreCase))
        {
            return ClassifyTiff(path);
        }

        if (extension.Equals(".gif", StringComparison.OrdinalIgnoreCase))
        {
            return await IsAnimatedAsync(path, reader, cancellationToken).ConfigureAwait(false) ? ObservationModality.Video : ObservationModality.Image;
        }

        return DatasetFiles.IsImage(path) ? ObservationModality.Image : null;
    }

    /// <summary>Classifies a file named on the command line: as <see cref="ClassifyAsync"/>, except that a <c>.csv</c>/<c>.txt</c> file
    /// is always a point cloud (the reader then says what is wrong with it) and an unknown extension is an image (the image loader
    /// detects the format from the content, as before video and point clouds were accepted).</summary>
    public static async Task<ObservationModality> ClassifyNamedAsync(string path, VideoFrameReader reader, CancellationToken cancellationToken)
    {
        string extension = Path.GetExtension(path);
        return Contains(TextCloudExtensions, extension) ? ObservationModality.PointCloud
            : await ClassifyAsync(path, reader, cancellationToken).ConfigureAwait(false) ?? ObservationModality.Image;
    }

    private static bool Contains(IReadOnlyList<string> extensions, string extension) =>
        extensions.Any(e => e.Equals(extension, StringComparison.OrdinalIgnoreCase));

    private static async Task<bool> IsAnimatedAsync(string path, VideoFrameReader reader, CancellationToken cancellationToken)
    {
        try
        {
            VideoMetadata metadata = await reader.ProbeAsync(VideoObservation.FromFile(path), cancellationToken).ConfigureAwait(false);
            return metadata.FrameCount > 1;
        }
        catch (CustomizableVlmException)
        {
            // Not a readable GIF: read as an image, whose loader says what is wrong with it.
            return false;
        }
    }

    /// <summary>Whether the first data line (after comments and at most one header line) holds at least three numbers.</summary>
    private static bool LooksLikeTextCloud(string path)
    {
        string[] lines;
        bool whole;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            byte[] head = new byte[4096];
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            lines = System.Text.Encoding.UTF8.GetString(head, 0, read).Split('\n');
            whole = read < head.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        int looked = 0;
        foreach (string raw in whole ? lines : lines[..^1]) // a line cut by the 4 KB window is not judged
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = line.Split([' ', '\t', ',', ';'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 3 && fields.Take(3).All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                return true;
            }

            if (++looked == 2)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Reads the first IFD of a TIFF: 3 IEEE-float samples per pixel is an XYZ cloud, a second page a video, else an image.</summary>
    private static ObservationModality ClassifyTiff(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            Span<byte> header = stackalloc byte[8];
            if (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
            {
                return ObservationModality.Image;
            }

            bool little = header[0] == (byte)'I' && header[1] == (byte)'I';
            if (!little && !(header[0] == (byte)'M' && header[1] == (byte)'M'))
            {
                return ObservationModality.Image;
            }

            ushort U16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
            uint U32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
            if (U16(header[2..]) != 42)
            {
                return ObservationModality.Image; // BigTIFF and others: left to the image loader
            }

            long ifd = U32(header[4..]);
            if (ifd < 8 || ifd + 2 > stream.Length)
            {
                return ObservationModality.Image;
            }

            stream.Position = ifd;
            Span<byte> countBytes = stackalloc byte[2];
            stream.ReadExactly(countBytes);
            int count = U16(countBytes);
            if (ifd + 2 + (count * 12L) + 4 > stream.Length)
            {
                return ObservationModality.Image;
            }

            byte[] entries = new byte[(count * 12) + 4];
            stream.ReadExactly(entries);
            int samples = 1, sampleFormat = 1;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> entry = entries.AsSpan(i * 12, 12);
                ushort tag = U16(entry), type = U16(entry[2..]);
                uint values = U32(entry[4..]);
                if (tag == 277 && type == 3)
                {
                    samples = U16(entry[8..]);
                }
                else if (tag == 339 && type == 3)
                {
                    // One SHORT per sample: up to two fit in the entry, more sit at an offset; every sample of an XYZ TIFF is a float.
                    if (values <= 2)
                    {
                        sampleFormat = U16(entry[8..]);
                    }
                    else
                    {
                        long at = U32(entry[8..]);
                        if (at + 2 <= stream.Length)
                        {
                            stream.Position = at;
                            stream.ReadExactly(countBytes);
                            sampleFormat = U16(countBytes);
                        }
                    }
                }
            }

            if (samples == 3 && sampleFormat == 3)
            {
                return ObservationModality.PointCloud;
            }

            uint next = U32(entries.AsSpan(count * 12));
            return next != 0 ? ObservationModality.Video : ObservationModality.Image;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ObservationModality.Image; // the image loader reports what is wrong
        }
    }
}
