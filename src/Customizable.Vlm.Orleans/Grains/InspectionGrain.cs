using System.Diagnostics;
using Customizable.Vlm.Orleans.Silo;

namespace Customizable.Vlm.Orleans.Grains;

/// <summary>Inspects on the silo it runs on: admits the request through the silo's <see cref="InspectionAdmission"/> (bounded, never
/// queued without bound), takes the profile from the silo's <see cref="SiloProfileCache"/> and runs the silo's
/// <see cref="AnomalyInspector"/>. Reentrant: an activation carries many inspections at once, and the silo-wide admission bounds them;
/// the max local workers come from <see cref="CvlmInspectionOptions.MaxLocalWorkers"/> (see <see cref="InspectionWorkerProperties"/>).
/// Each call is registered in the silo's <see cref="InspectionCalls"/>, so that its cancellation reaches it from any activation.</summary>
[StatelessWorker]
[Reentrant]
internal sealed class InspectionGrain(InspectionAdmission admission, SiloProfileCache profiles, SiloInspector inspector, InspectionCalls calls) : Grain, IInspectionGrain
{
    public async Task<InspectionReply> InspectAsync(InspectionRequest request, Guid callId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ProfileNames.Validate(request.ProfileName, "request.ProfileName");
        using InspectionCalls.Call call = calls.Begin(callId, cancellationToken);
        cancellationToken = call.Token;
        try
        {
            Observation observation = inspector.ObservationOf(request);
            using InspectionAdmission.Lease lease = await admission.EnterAsync(cancellationToken).ConfigureAwait(true);
            long started = Stopwatch.GetTimestamp();

            // The work leaves the grain's scheduler: the inspector is thread-safe and CPU-bound, and the activation stays free for more calls.
            AnomalyVerdict verdict = await Task.Run(() => inspector.InspectAsync(profiles, request.ProfileName, observation, cancellationToken), cancellationToken).ConfigureAwait(true);
            return new InspectionReply { Verdict = InspectionVerdict.From(verdict, request, admission.Silo, Stopwatch.GetElapsedTime(started)) };
        }
        catch (Exception ex) when (InspectionReply.Of(ex) is { } failure)
        {
            return failure;
        }
    }

    public Task CancelAsync(Guid callId)
    {
        calls.Cancel(callId);
        return Task.CompletedTask;
    }
}
