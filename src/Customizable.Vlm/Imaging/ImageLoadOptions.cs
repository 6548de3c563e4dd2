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
    private int _minWidth = 32;
    private int _minHeight = 32;
    private long _maxMetadataBytes = 1024L * 1024;
    private TimeSpan _maxDecodeTime = TimeSpan.FromSeconds(10);
    private long _maxDecoderTableBytes = 256L * 1024 * 1024;

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
    /// Gets or sets the smallest accepted width in pixels (as displayed), checked from the header before decoding. Default 32.
    /// </summary>
    /// <remarks>
    /// The default reference-based reasoner resizes every image to 224x224 and compares feature grids of stride 8 and 16: an
    /// image narrower than 32 pixels holds fewer than two cells of the finest grid, so it is upsampled into a blur that carries no
    /// evidence and any score it got would be meaningless. Narrower images raise <see cref="ImageTooSmallException"/>; set 1 to
    /// accept any size (icons, masks).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MinWidth
    {
        get => _minWidth;
        set => _minWidth = (int)CheckRange(value, 1, int.MaxValue);
    }

    /// <summary>
    /// Gets or sets the smallest accepted height in pixels (as displayed), checked from the header before decoding. Default 32,
    /// for the reason given at <see cref="MinWidth"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MinHeight
    {
        get => _minHeight;
        set => _minHeight = (int)CheckRange(value, 1, int.MaxValue);
    }

    /// <summary>
    /// Gets or sets the largest accepted sum of metadata bytes in one file, checked before decoding: PNG tEXt, zTXt, iTXt, iCCP and
    /// eXIf chunks (compressed ones by their inflated size, inflating no further than the limit), JPEG APPn and COM segments, WebP
    /// ICCP, EXIF and XMP chunks. Default 1 MiB (1,048,576), far above what cameras write (EXIF and ICC profiles are tens to
    /// hundreds of KiB). A larger sum raises <see cref="InputLimitExceededException"/>; 0 refuses any metadata.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 0 or above <see cref="MaxSupportedFileBytes"/>.</exception>
    public long MaxMetadataBytes
    {
        get => _maxMetadataBytes;
        set => _maxMetadataBytes = CheckRange(value, 0, MaxSupportedFileBytes);
    }

    /// <summary>
    /// Gets or sets the largest memory in bytes that the decoder may allocate for entropy-coding tables whose number the encoded
    /// data declares apart from the image size, computed from the bitstream before decoding. Default 256 MiB (268,435,456).
    /// </summary>
    /// <remarks>
    /// <para>Today this covers lossless WebP (VP8L, and the lossless-compressed alpha of a lossy WebP): its entropy image
    /// declares up to 65,536 groups of prefix codes, and ImageSharp 2.1 allocates 24 to 40 KB of tables per declared group
    /// (depending on the colour-cache size) before reading any, and as much again while reading them, as plain arrays outside its
    /// pooled allocator and its limits: a 97-byte file whose entropy image yields tens of thousands of groups made it allocate
    /// 1.5 GB. The check walks the bitstream up to the groups, counts what the decoder would allocate for them (55,712 bytes per
    /// group without a colour cache, 96,704 with the largest) and raises <see cref="InputLimitExceededException"/> (limit
    /// <c>MaxDecoderTableBytes</c>) when it is larger than this value.</para>
    /// <para>The libwebp encoder (and ImageSharp's port of it) writes at most 2,600 groups (its entropy image has at most 2,600
    /// pixels), which need at most about 145 MB without a colour cache and 251 MB with the largest, so the default accepts every
    /// file those encoders write. 0 refuses every lossless WebP.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 0.</exception>
    public long MaxDecoderTableBytes
    {
        get => _maxDecoderTableBytes;
        set => _maxDecoderTableBytes = CheckRange(value, 0, long.MaxValue);
    }

    /// <summary>
    /// Gets or sets how long one image may take to decode (identify, decode, orient and convert), measured from when decoding
    /// starts; <see cref="Timeout.InfiniteTimeSpan"/> disables the bound. Default 10 seconds: a 7000x7000 PNG, just under the
    /// default <see cref="MaxPixels"/>, took 1.7-2.9 s to load on a busy 2-core machine, so the default leaves room for load.
    /// When it elapses, the caller gets <see cref="InputLimitExceededException"/> (limit <c>MaxDecodeTime</c>, in milliseconds).
    /// </summary>
    /// <remarks>
    /// The decoder cannot be interrupted: it runs on a thread-pool thread, and when the bound elapses (or the caller's token is
    /// cancelled) the caller stops waiting at once, while that thread goes on until the decoder returns; it is signalled to stop
    /// through a cancellation token, which ImageSharp's decoders check only at some points. Its result is then discarded and the
    /// encoded buffer it reads is left to the garbage collector. Structural checks made before decoding refuse the known inputs
    /// that make the decoder spin (truncated files), so this bound is a second line of defence.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or longer than <see cref="int.MaxValue"/> milliseconds.</exception>
    public TimeSpan MaxDecodeTime
    {
        get => _maxDecodeTime;
        set
        {
            if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be positive and at most int.MaxValue milliseconds, or Timeout.InfiniteTimeSpan.");
            }

            _maxDecodeTime = value;
        }
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
