using System.Diagnostics;
using Customizable.Vlm.Diagnostics;

namespace Customizable.Vlm;

/// <content>The traced stages of an inspection: encoding and reasoning, each a span with a duration histogram.</content>
public sealed partial class AnomalyInspector
{
    private async ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, IModalityEncoder? encoder, CancellationToken cancellationToken) =>
        (await EncodeReferenceAsync(observation, encoder, referenceClouds: 0, cancellationToken).ConfigureAwait(false)).Views;

    /// <summary>Encodes an observation inside the <c>cvlm.encode</c> span; with <paramref name="referenceClouds"/> above 0 (the
    /// point-cloud references of a customization whose reasoner builds a reference model), a point cloud's re-scan-like variants too
    /// (<see cref="PointClouds.PointCloudEncoderOptions.ReferenceVariants"/>; none for other encoders).</summary>
    private async ValueTask<(IReadOnlyList<EncodedView> Views, IReadOnlyList<EncodedView> Variants)> EncodeReferenceAsync(Observation observation, IModalityEncoder? encoder, int referenceClouds, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string modality = InspectorTelemetry.ModalityName(observation.Modality);
        using Activity? activity = InspectorTelemetry.Source.StartActivity(CustomizableVlmDiagnostics.SpanEncode, ActivityKind.Internal);
        activity?.SetTag(CustomizableVlmDiagnostics.TagModality, modality);
        TagList tags = new() { { CustomizableVlmDiagnostics.TagModality, modality } };
        try
        {
            (IReadOnlyList<EncodedView> views, IReadOnlyList<EncodedView> variants) = referenceClouds > 0 && encoder is PointClouds.PointCloudEncoder clouds
                ? await EncodeCloudReferenceAsync(observation, clouds, referenceClouds, cancellationToken).ConfigureAwait(false)
                : (await EncodeCoreAsync(observation, encoder, cancellationToken).ConfigureAwait(false), []);
            activity?.SetTag("cvlm.views", views.Count + variants.Count);
            _telemetry.EncodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            return (views, variants);
        }
        catch (Exception ex)
        {
            string type = InspectorTelemetry.ErrorTypeOf(ex);
            activity?.SetTag(CustomizableVlmDiagnostics.TagErrorType, type);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            tags.Add(CustomizableVlmDiagnostics.TagErrorType, type);
            _telemetry.EncodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            throw;
        }
    }

    private async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, TagList tags, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        using Activity? activity = StartActivity(CustomizableVlmDiagnostics.SpanReason, ActivityKind.Internal);
        try
        {
            AnomalyVerdict verdict = await Reasoner.ReasonAsync(prompt, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(CustomizableVlmDiagnostics.TagOutcome, InspectorTelemetry.OutcomeOf(verdict));
            _telemetry.ReasonDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            return verdict;
        }
        catch (Exception ex)
        {
            activity?.SetTag(CustomizableVlmDiagnostics.TagErrorType, InspectorTelemetry.ErrorTypeOf(ex));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            TagList failed = tags;
            failed.Add(CustomizableVlmDiagnostics.TagErrorType, InspectorTelemetry.ErrorTypeOf(ex));
            _telemetry.ReasonDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, failed);
            throw;
        }
    }

    /// <summary>Starts a span tagged with the reasoner (and its model, when known), or returns null when nobody listens.</summary>
    private Activity? StartActivity(string name, ActivityKind kind)
    {
        Activity? activity = InspectorTelemetry.Source.StartActivity(name, kind);
        if (activity is not null)
        {
            activity.SetTag(CustomizableVlmDiagnostics.TagReasoner, _reasonerName);
            if (_modelId is not null)
            {
                activity.SetTag(CustomizableVlmDiagnostics.TagModel, _modelId);
            }
        }

        return activity;
    }
}
