namespace Customizable.Vlm.Orleans.Grains;

/// <summary>The inspection entry point: a stateless worker on every silo. A cluster client sends the calls for one grain key through one
/// gateway (silo), so <see cref="ClusterInspector"/> spreads its calls over <see cref="ClusterInspector.WorkerKeys"/> keys.</summary>
internal interface IInspectionGrain : IGrainWithIntegerKey
{
    /// <summary>Inspects one image on the silo that received the call.</summary>
    /// <param name="request">The request.</param>
    /// <param name="callId">The call's id, for <see cref="CancelAsync"/>; <see cref="Guid.Empty"/> for none.</param>
    /// <param name="cancellationToken">Cancels the inspection; the caller's token travels with the call.</param>
    /// <returns>The verdict, or the typed failure to throw on the caller's side.</returns>
    Task<InspectionReply> InspectAsync(InspectionRequest request, Guid callId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the call with this id on the silo that receives this message, whichever of its activations runs the call
    /// (see <c>InspectionCalls</c>): sent to the same worker key as the call when the caller's token is cancelled.</summary>
    /// <param name="callId">The id the call was made with.</param>
    /// <returns>A completed task (one-way: the caller does not wait for the silo).</returns>
    [OneWay]
    Task CancelAsync(Guid callId);
}
