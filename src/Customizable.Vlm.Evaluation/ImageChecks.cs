using Customizable.Vlm.Evaluation.Datasets;
using SixLabors.ImageSharp;

namespace Customizable.Vlm.Evaluation;

/// <summary>Reads image headers (no decoding) so that unreadable files fail before a long run, with their path.</summary>
internal static class ImageChecks
{
    /// <summary>Returns the size of the image at <paramref name="path"/>, or throws a <see cref="DatasetException"/> naming it.</summary>
    public static (int Width, int Height) Identify(string path, string what)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException(path, $"The {what} '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is ImageFormatException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new DatasetException(path, $"The {what} '{path}' is not a readable image: {ex.Message}", ex);
        }

        return info is null || info.Width <= 0 || info.Height <= 0
            ? throw new DatasetException(path, $"The {what} '{path}' is not a readable image (unknown or corrupt format).", null)
            : (info.Width, info.Height);
    }
}
