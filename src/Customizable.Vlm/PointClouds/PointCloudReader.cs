namespace Customizable.Vlm.PointClouds;

/// <summary>
/// Reads point clouds from PLY, PCD, text (XYZ / PTS / CSV) and organized XYZ TIFF files, streams or bytes, with limits checked before allocating.
/// </summary>
/// <remarks>
/// <para>Formats: PLY <c>ascii</c>, <c>binary_little_endian</c>, <c>binary_big_endian</c> (every scalar type under both naming
/// schemes, any property and element order, list properties skipped, <c>red/green/blue</c> or <c>diffuse_*</c> colours, <c>nx/ny/nz</c>
/// normals); PCD VERSION .5-.7 <c>ascii</c> (space- or comma-separated), <c>binary</c>, <c>binary_compressed</c> (LZF) with any
/// field layout, packed <c>rgb</c>/<c>rgba</c> and organized WIDTH x HEIGHT grids; MVTec 3D-AD XYZ TIFF (3 x float32 per pixel,
/// uncompressed, strips or tiles, either byte order; the grid is kept, all-zero pixels are missing points, see
/// <see cref="PointCloudFormat.Tiff"/>); text with 3 or more columns (see
/// <see cref="PointCloudFormat.Text"/>). Colours become 0-255 bytes (float colours are taken as 0-1, 16-bit ones as 0-65535).</para>
/// <para>Bounds: the source is read into one buffer of at most <see cref="PointCloudLoadOptions.MaxBytes"/> (a file's length is
/// checked first, a stream is read at most that many bytes plus one); every count a header declares is checked against the bytes
/// present and <see cref="PointCloudLoadOptions.MaxPoints"/> before the point arrays are allocated.</para>
/// <para>Errors: a header that lies (more items than bytes, negative or absurd counts, unknown types, no x/y/z), truncated data or an
/// empty cloud raise <see cref="InvalidObservationException"/> naming the source and the element (a TIFF that is not 3 x float32,
/// or compressed, is refused the same way); limits raise
/// <see cref="InputLimitExceededException"/>. Points with a NaN or infinite coordinate are dropped and counted
/// (<see cref="PointCloud.DroppedNonFinite"/>), as are the all-zero (missing) pixels of an XYZ TIFF.</para>
/// <para>Thread-safety: immutable; all members may be called concurrently.</para>
/// </remarks>
public sealed class PointCloudReader
{
    private readonly PointCloudLoadOptions _options;

    /// <summary>Initializes a new reader.</summary>
    /// <param name="options">Limits; null for defaults. A copy is kept.</param>
    public PointCloudReader(PointCloudLoadOptions? options = null) => _options = options?.Clone() ?? new PointCloudLoadOptions();

    /// <summary>Reads a point-cloud file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="format">The format, or <see cref="PointCloudFormat.Auto"/> to detect it from the content.</param>
    /// <returns>The cloud, named after the file.</returns>
    /// <exception cref="InvalidObservationException">The file is missing, unreadable, malformed or empty.</exception>
    /// <exception cref="InputLimitExceededException">The file exceeds a limit.</exception>
    public PointCloud Read(string path, PointCloudFormat format = PointCloudFormat.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string name = Path.GetFileName(path);
        byte[] data = ReadFile(path, name);
        return Read(data, name, format);
    }

    /// <summary>Reads a point-cloud file without blocking the caller on I/O.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="format">The format, or <see cref="PointCloudFormat.Auto"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cloud, named after the file.</returns>
    /// <exception cref="InvalidObservationException">The file is missing, unreadable, malformed or empty.</exception>
    /// <exception cref="InputLimitExceededException">The file exceeds a limit.</exception>
    public async Task<PointCloud> ReadAsync(string path, PointCloudFormat format = PointCloudFormat.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string name = Path.GetFileName(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidObservationException(name, $"The file cannot be opened: {e.Message}", e);
        }

        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > _options.MaxBytes)
            {
                throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxBytes), stream.Length, _options.MaxBytes);
            }

            return await ReadAsync(stream, name, format, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a point cloud from a stream (read to its end, at most <see cref="PointCloudLoadOptions.MaxBytes"/> bytes).</summary>
    /// <param name="stream">The stream; not disposed.</param>
    /// <param name="sourceName">A name for messages, or null.</param>
    /// <param name="format">The format, or <see cref="PointCloudFormat.Auto"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cloud.</returns>
    /// <exception cref="InvalidObservationException">The data is unreadable, malformed or empty.</exception>
    /// <exception cref="InputLimitExceededException">The stream is longer than <see cref="PointCloudLoadOptions.MaxBytes"/>, or a limit is exceeded.</exception>
    public async Task<PointCloud> ReadAsync(Stream stream, string? sourceName = null, PointCloudFormat format = PointCloudFormat.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (buffer.Length + read > _options.MaxBytes)
                {
                    throw new InputLimitExceededException(sourceName, nameof(PointCloudLoadOptions.MaxBytes), buffer.Length + read, _options.MaxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException e)
        {
            throw new InvalidObservationException(sourceName, $"The stream cannot be read: {e.Message}", e);
        }

        return Read(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), sourceName, format);
    }

    /// <summary>Reads a point cloud from bytes in memory.</summary>
    /// <param name="data">The whole file's bytes.</param>
    /// <param name="sourceName">A name for messages, or null.</param>
    /// <param name="format">The format, or <see cref="PointCloudFormat.Auto"/>.</param>
    /// <returns>The cloud.</returns>
    /// <exception cref="InvalidObservationException">The data is malformed or empty.</exception>
    /// <exception cref="InputLimitExceededException">The data exceeds a limit.</exception>
    public PointCloud Read(ReadOnlySpan<byte> data, string? sourceName = null, PointCloudFormat format = PointCloudFormat.Auto)
    {
        if (data.Length > _options.MaxBytes)
        {
            throw new InputLimitExceededException(sourceName, nameof(PointCloudLoadOptions.MaxBytes), data.Length, _options.MaxBytes);
        }

        if (data.IsEmpty)
        {
            throw new InvalidObservationException(sourceName, "The data is empty.", null);
        }

        if (format == PointCloudFormat.Auto)
        {
            format = Detect(data);
        }

        return format switch
        {
            PointCloudFormat.Ply => PlyParser.Parse(data, sourceName, _options),
            PointCloudFormat.Pcd => PcdParser.Parse(data, sourceName, _options),
            PointCloudFormat.Text => TextCloudParser.Parse(data, sourceName, _options),
            PointCloudFormat.Tiff => TiffCloudParser.Parse(data, sourceName, _options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown point-cloud format."),
        };
    }

    /// <summary>Detects the format from the first bytes.</summary>
    /// <param name="data">The start of the data (a few hundred bytes are enough).</param>
    /// <returns><see cref="PointCloudFormat.Ply"/>, <see cref="PointCloudFormat.Tiff"/>, <see cref="PointCloudFormat.Pcd"/> or <see cref="PointCloudFormat.Text"/>.</returns>
    public static PointCloudFormat Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("ply\n"u8) || data.StartsWith("ply\r\n"u8))
        {
            return PointCloudFormat.Ply;
        }

        if (TiffCloudParser.IsTiff(data))
        {
            return PointCloudFormat.Tiff;
        }

        var cursor = new TextCursor(data[..Math.Min(data.Length, 4096)]);
        while (!cursor.AtEnd)
        {
            ReadOnlySpan<byte> line = cursor.NextLine().TrimStart((byte)' ');
            if (line.StartsWith("# .PCD"u8) || line.StartsWith("VERSION"u8) || line.StartsWith("FIELDS"u8))
            {
                return PointCloudFormat.Pcd;
            }

            if (!line.IsEmpty && line[0] != (byte)'#')
            {
                break;
            }
        }

        return PointCloudFormat.Text;
    }

    private byte[] ReadFile(string path, string name)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long length = stream.Length;
            if (length > _options.MaxBytes)
            {
                throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxBytes), length, _options.MaxBytes);
            }

            byte[] data = new byte[length];
            stream.ReadExactly(data);
            return data;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidObservationException(name, $"The file cannot be read: {e.Message}", e);
        }
    }
}
