using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;

namespace Customizable.Vlm.Evaluation;

/// <summary>
/// Reads image files (regular files only), checks that they are structurally complete and reads their headers (no decoding),
/// so that unreadable, truncated or special files fail before a long run, with their path.
/// </summary>
internal static class ImageChecks
{
    /// <summary>Returns the size of the image at <paramref name="path"/>, or throws a <see cref="DatasetException"/> naming it.</summary>
    public static (int Width, int Height) Identify(string path, string what) => Identify(ReadComplete(path, what), path, what);

    /// <summary>Returns the size of the image in <paramref name="data"/> (read by <see cref="ReadComplete"/>) without decoding it.</summary>
    public static (int Width, int Height) Identify(byte[] data, string path, string what)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(data);
        }
        catch (Exception ex) when (ex is ImageFormatException or IOException or NotSupportedException)
        {
            throw new DatasetException(path, $"The {what} '{path}' is not a readable image: {ex.Message}", ex);
        }

        return info is null || info.Width <= 0 || info.Height <= 0
            ? throw new DatasetException(path, $"The {what} '{path}' is not a readable image (unknown or corrupt format).", null)
            : (info.Width, info.Height);
    }

    /// <summary>
    /// Reads the whole file after checking that it is a regular file within the loader's default byte limit, and checks its
    /// structure (complete through its end marker, bounded metadata) as <see cref="ImageLoader"/> does.
    /// </summary>
    public static byte[] ReadComplete(string path, string what)
    {
        string? kind = Imaging.FileKind.DescribeIfNotRegular(path);
        if (kind is not null)
        {
            throw new DatasetException(path, $"The {what} '{path}' is {kind}, not a regular file.", null);
        }

        ImageLoadOptions limits = new();
        byte[] data;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > limits.MaxFileBytes)
            {
                throw new DatasetException(path, $"The {what} '{path}' has {length:N0} bytes, more than the {limits.MaxFileBytes:N0} accepted.", null);
            }

            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException(path, $"The {what} '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"The {what} '{path}' cannot be read: {ex.Message}", ex);
        }

        try
        {
            ImageDecodingException? inconsistent = ImageStructure.Check(data, path, limits);
            if (inconsistent is not null)
            {
                throw inconsistent;
            }
        }
        catch (InvalidObservationException ex)
        {
            throw new DatasetException(path, $"The {what} '{path}' is not a readable image: {ex.Reason ?? ex.Message}", ex);
        }

        return data;
    }
}
