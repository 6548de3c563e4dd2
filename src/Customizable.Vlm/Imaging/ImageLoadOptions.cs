namespace Customizable.Vlm.Imaging;

/// <summary>Safety limits and conversion settings for <see cref="ImageLoader"/>.</summary>
/// <remarks>
/// <para>Every setter validates its value and throws <see cref="ArgumentOutOfRangeException"/> when it is out of range.</para>
/// <para>A loader takes a copy (<see cref="Clone"/>) when it is created, so changing an options instance afterwards does not affect
/// loaders already built from it.</para>
/// </remarks>
public sealed class ImageLoadOptions
{
    /// <summary>The largest value <see cref="MaxPixels"/> accepts: the decoded RGB frame must fit one array.</summary>
    public static readonly long MaxSupportedPixels = Array.MaxLength / 3;

    /// <summary>The largest value <see cref="MaxFileBytes"/> accepts: the encoded bytes (plus one probe byte) must fit one array.</summary>
    public static readonly long MaxSupportedFileBytes = Array.MaxLength - 1;

    private long _maxPixels = 50_000_000;
    private int _maxWidth = 32_768;
    private int _maxHeight = 32_768;
    private long _maxFileBytes = 256L * 1024 * 1024;

    /// <summary>Gets or sets the largest accepted <c>width * height</c>, checked from the image header before decoding. Default 50,000,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxSupportedPixels"/>.</exception>
    public long MaxPixels
    {
        get => _maxPixels;
        set => _maxPixels = CheckRange(value, 1, MaxSupportedPixels);
    }

    /// <summary>Gets or sets the largest accepted width in pixels (as displayed), checked before decoding. Default 32,768.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxWidth
    {
        get => _maxWidth;
        set => _maxWidth = (int)CheckRange(value, 1, int.MaxValue);
    }

    /// <summary>Gets or sets the largest accepted height in pixels (as displayed), checked before decoding. Default 32,768.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxHeight
    {
        get => _maxHeight;
        set => _maxHeight = (int)CheckRange(value, 1, int.MaxValue);
    }

    /// <summary>
    /// Gets or sets the largest accepted encoded size in bytes. Files are checked before they are read; streams are read at most
    /// this many bytes plus one. Default 256 MiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxSupportedFileBytes"/>.</exception>
    public long MaxFileBytes
    {
        get => _maxFileBytes;
        set => _maxFileBytes = CheckRange(value, 1, MaxSupportedFileBytes);
    }

    /// <summary>
    /// Gets or sets whether the EXIF orientation tag is applied, so that pixel coordinates are those of the image as displayed.
    /// Default true.
    /// </summary>
    public bool ApplyExifOrientation { get; set; } = true;

    /// <summary>
    /// Gets or sets the colour that transparent pixels are composited over. Default <see cref="RgbColor.White"/>, the background
    /// that common vision-language preprocessors (and image viewers) use, so transparent regions look as people see them.
    /// </summary>
    public RgbColor AlphaBackground { get; set; } = RgbColor.White;

    /// <summary>Creates an independent copy of these options.</summary>
    /// <returns>The copy.</returns>
    public ImageLoadOptions Clone() => (ImageLoadOptions)MemberwiseClone();

    private static long CheckRange(long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The value must be in [{min:N0}, {max:N0}].");
        }

        return value;
    }
}
