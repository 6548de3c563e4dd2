namespace Customizable.Vlm.PointClouds;

/// <summary>Safety limits for <see cref="PointCloudReader"/>, checked before anything of that size is allocated.</summary>
/// <remarks>A reader takes a copy (<see cref="Clone"/>) when it is created. Setters throw <see cref="ArgumentOutOfRangeException"/> on out-of-range values.</remarks>
public sealed class PointCloudLoadOptions
{
    /// <summary>The largest value <see cref="MaxBytes"/> accepts: the whole source must fit one array.</summary>
    public static readonly long MaxSupportedBytes = Array.MaxLength - 1;

    /// <summary>The largest value <see cref="MaxPoints"/> accepts (positions must fit one array).</summary>
    public static readonly long MaxSupportedPoints = Array.MaxLength / 4;

    private long _maxPoints = 50_000_000;
    private long _maxBytes = 1L << 30;

    /// <summary>Gets or sets the largest number of points a source may declare or contain. Default 50,000,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxSupportedPoints"/>.</exception>
    public long MaxPoints
    {
        get => _maxPoints;
        set => _maxPoints = Check(value, MaxSupportedPoints);
    }

    /// <summary>
    /// Gets or sets the largest source size in bytes: files are checked before they are read, streams are read at most this many
    /// bytes plus one, and a PCD <c>binary_compressed</c> block may not declare more decompressed bytes than this. Default 1 GiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxSupportedBytes"/>.</exception>
    public long MaxBytes
    {
        get => _maxBytes;
        set => _maxBytes = Check(value, MaxSupportedBytes);
    }

    /// <summary>Creates a copy.</summary>
    /// <returns>The copy.</returns>
    public PointCloudLoadOptions Clone() => (PointCloudLoadOptions)MemberwiseClone();

    private static long Check(long value, long max, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 1 || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"The value must be in [1, {max}].");
        }

        return value;
    }
}
