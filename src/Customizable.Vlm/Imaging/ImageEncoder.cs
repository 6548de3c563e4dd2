namespace Customizable.Vlm.Imaging;

/// <summary>
/// Encodes an <see cref="ImageObservation"/> into a single full-resolution RGB view labelled <c>"image"</c> whose provenance is
/// the identity, using an <see cref="ImageLoader"/> and its safety limits.
/// </summary>
/// <remarks>
/// <para>File, byte and stream observations are decoded (see <see cref="ImageLoader"/> for formats, limits and errors); frame
/// observations are converted with <see cref="ImageLoader.ToRgb24(RawFrame)"/> and shared as-is when already tightly packed RGB.</para>
/// <para>Thread-safety: concurrent calls to <see cref="EncodeAsync"/> are safe (a stream observation must still be encoded only once).</para>
/// </remarks>
public sealed class ImageEncoder : IModalityEncoder
{
    /// <summary>The label of the view this encoder produces.</summary>
    public const string ViewLabel = "image";

    private readonly ImageLoader _loader;

    /// <summary>Initializes a new encoder with its own loader.</summary>
    /// <param name="options">Limits and conversion settings; null means defaults.</param>
    public ImageEncoder(ImageLoadOptions? options = null)
        : this(new ImageLoader(options))
    {
    }

    /// <summary>Initializes a new encoder that uses an existing loader.</summary>
    /// <param name="loader">The loader.</param>
    /// <exception cref="ArgumentNullException"><paramref name="loader"/> is null.</exception>
    public ImageEncoder(ImageLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
    }

    /// <inheritdoc />
    public bool CanEncode(Observation observation) => observation is ImageObservation;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="observation"/> is null.</exception>
    /// <exception cref="NotSupportedException">The observation is not an <see cref="ImageObservation"/>.</exception>
    /// <exception cref="InvalidObservationException">The image cannot be read or decoded (see <see cref="ImageLoader"/>).</exception>
    /// <exception cref="InputLimitExceededException">The image exceeds a configured limit.</exception>
    public async ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation is not ImageObservation image)
        {
            throw new NotSupportedException($"{nameof(ImageEncoder)} encodes image observations, not {observation.Modality}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        RawFrame frame;
        if (image.Frame is { } raw)
        {
            frame = _loader.ToRgb24(raw);
        }
        else if (image.FilePath is { } path)
        {
            frame = await _loader.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        else if (image.EncodedBytes is { } bytes)
        {
            frame = await _loader.LoadAsync(bytes, image.Name, cancellationToken).ConfigureAwait(false);
        }
        else if (image.Stream is { } stream)
        {
            frame = await _loader.LoadAsync(stream, image.Name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new InvalidObservationException(image.Name, "The image observation has no source.", null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        EncodedView view = new(frame, ImageProvenance.Identity(frame.Width, frame.Height), ViewLabel, observation, 0);
        return [view];
    }
}
