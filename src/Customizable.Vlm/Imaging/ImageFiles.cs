using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Imaging;

/// <summary>Writes frames to image files atomically (temporary file beside the destination, then rename).</summary>
public static class ImageFiles
{
    /// <summary>Saves a frame as PNG.</summary>
    /// <param name="frame">The pixels (any <see cref="PixelFormat"/>; converted to RGB).</param>
    /// <param name="path">The destination file; replaced atomically.</param>
    /// <param name="cancellationToken">Cancels before the rename.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task SavePngAsync(RawFrame frame, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        RawFrame rgb = new ImageLoader().ToRgb24(frame);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (Image<Rgb24> image = Image.LoadPixelData<Rgb24>(rgb.Pixels.Span, rgb.Width, rgb.Height))
            {
                await image.SaveAsPngAsync(temp, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
