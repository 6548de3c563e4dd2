namespace Customizable.Vlm;

/// <summary>A 2D image to inspect: an encoded file (path, bytes or stream) or already-decoded pixels.</summary>
/// <remarks>
/// Exactly one of <see cref="FilePath"/>, <see cref="EncodedBytes"/>, <see cref="Stream"/> or <see cref="Frame"/> is set.
/// A stream-backed observation can be encoded once (the stream is read to its end); the caller owns the stream and disposes it.
/// </remarks>
public sealed class ImageObservation : Observation
{
    private ImageObservation(string? name, string? filePath, ReadOnlyMemory<byte>? encodedBytes, Stream? stream, RawFrame? frame)
        : base(name)
    {
        FilePath = filePath;
        EncodedBytes = encodedBytes;
        Stream = stream;
        Frame = frame;
    }

    /// <inheritdoc />
    public override ObservationModality Modality => ObservationModality.Image;

    /// <summary>Gets the path of an encoded image file (PNG, JPEG, BMP, GIF, TIFF, WebP), or null.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the bytes of an encoded image file, or null.</summary>
    public ReadOnlyMemory<byte>? EncodedBytes { get; }

    /// <summary>Gets a readable stream positioned at the start of an encoded image, or null. Owned by the caller.</summary>
    public Stream? Stream { get; }

    /// <summary>Gets decoded pixels, or null.</summary>
    public RawFrame? Frame { get; }

    /// <summary>Creates an observation of an image file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The observation, named after the file.</returns>
    public static ImageObservation FromFile(string path)
    {
        Throw.IfNullOrWhiteSpace(path);
        return new ImageObservation(System.IO.Path.GetFileName(path), path, null, null, null);
    }

    /// <summary>Creates an observation of an encoded image held in memory. The memory is not copied: keep it unchanged while in use.</summary>
    /// <param name="encoded">The file bytes.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <returns>The observation.</returns>
    public static ImageObservation FromBytes(ReadOnlyMemory<byte> encoded, string? name = null) =>
        new(name, null, encoded, null, null);

    /// <summary>Creates an observation that reads an encoded image from a stream, once. The caller keeps ownership of the stream.</summary>
    /// <param name="stream">A readable stream positioned at the start of the image.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <returns>The observation.</returns>
    public static ImageObservation FromStream(Stream stream, string? name = null)
    {
        Throw.IfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        return new ImageObservation(name, null, null, stream, null);
    }

    /// <summary>Creates an observation of decoded pixels. The frame's memory is not copied.</summary>
    /// <param name="frame">The pixels.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <returns>The observation.</returns>
    public static ImageObservation FromFrame(RawFrame frame, string? name = null) =>
        new(name, null, null, null, Throw.IfNull(frame));
}
