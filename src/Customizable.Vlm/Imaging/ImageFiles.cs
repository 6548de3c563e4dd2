using Customizable.Vlm.IO;
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
        RawFrame rgb = ImageLoader.Shared.ToRgb24(frame);
        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(rgb.Pixels.Span, rgb.Width, rgb.Height);
        await AtomicFile.WriteAsync(path, (file, ct) => image.SaveAsPngAsync(file, ct), cancellationToken).ConfigureAwait(false);
    }
}
