namespace Customizable.Vlm;

/// <summary>Turns an observation (image, point cloud, video) into one or more 2D views, each remembering how it maps back to the source.</summary>
/// <remarks>
/// <para>Thread-safety: implementations must allow concurrent calls to <see cref="EncodeAsync"/> on one instance.</para>
/// <para>Ownership: the returned views own their pixel memory (or share memory the caller gave in the observation, which the caller
/// keeps unchanged); the encoder keeps no reference to them.</para>
/// <para>Errors: unreadable, truncated, empty or oversized input raises <see cref="InvalidObservationException"/> (or
/// <see cref="InputLimitExceededException"/>) naming the source; an unsupported modality raises <see cref="NotSupportedException"/>.
/// Cancellation is honoured between frames, views and I/O operations.</para>
/// </remarks>
public interface IModalityEncoder
{
    /// <summary>Gets whether this encoder handles the observation's modality and source kind.</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>True when <see cref="EncodeAsync"/> will accept it.</returns>
    bool CanEncode(Observation observation);

    /// <summary>Encodes an observation into 2D views.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>At least one view, in a stable order.</returns>
    ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default);
}
