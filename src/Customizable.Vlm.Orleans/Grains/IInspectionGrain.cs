namespace Customizable.Vlm.Orleans.Grains;

/// <summary>The inspection entry point: a stateless worker on every silo. A cluster client sends the calls for one grain key through one
/// gateway (silo), so <see cref="ClusterInspector"/> spreads its calls over <see cref="ClusterInspector.WorkerKeys"/> keys.</summary>
internal interface IInspectionGrain : IGrainWithIntegerKey
{
    /// <summary>Inspects one image on the silo that received the call.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the inspection; the caller's token travels with the call.</param>
    /// <returns>The verdict, or the typed failure to throw on the caller's side.</returns>
    Task<InspectionReply> InspectAsync(InspectionRequest request, CancellationToken cancellationToken = default);
}
