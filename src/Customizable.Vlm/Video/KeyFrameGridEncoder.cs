namespace Customizable.Vlm.Video;

/// <summary>
/// Encodes a video as one view: a grid of key frames with their tile numbers and start times drawn in
/// (<see cref="VideoEncoder.EncodeKeyFrameGridAsync"/>), for reasoners that read the prompt's images. The inspector uses it in place
/// of the per-frame <see cref="VideoEncoder"/> for such reasoners.
/// </summary>
/// <remarks>Thread-safe: immutable; the wrapped encoder is thread-safe by contract. Owns nothing.</remarks>
internal sealed class KeyFrameGridEncoder(VideoEncoder inner, FrameSampling? sampling, int columns, int maxSide) : IModalityEncoder
{
    /// <inheritdoc />
    public bool CanEncode(Observation observation) => inner.CanEncode(observation);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation is not VideoObservation video)
        {
            throw new NotSupportedException($"The key-frame grid encoder handles video observations, not {observation}.");
        }

        EncodedView grid = await inner.EncodeKeyFrameGridAsync(video, sampling ?? FrameSampling.Uniform(columns * columns), columns, maxSide, cancellationToken).ConfigureAwait(false);
        return [grid];
    }
}
