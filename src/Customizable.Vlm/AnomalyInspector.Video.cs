using System.Diagnostics;
using Customizable.Vlm.Video;

namespace Customizable.Vlm;

public sealed partial class AnomalyInspector
{
    /// <summary>How many views a streamed video sends to the reasoner at once (a frame's views are never split).</summary>
    internal const int VideoBatchViews = 16;

    /// <summary>
    /// Inspects a video as a stream when the reasoner reads no prompt (the embedded reasoner): views are decoded, encoded and scored
    /// <see cref="VideoBatchViews"/> at a time, and only their scores, strongest regions and the best anomaly maps are kept, so memory
    /// stays flat however long the clip. Returns null when the observation is not a video encoded by a <see cref="VideoEncoder"/> or
    /// the reasoner composes prompts (it then gets one grid of key frames, see <see cref="KeyFrameGridEncoder"/>).
    /// </summary>
    private async Task<AnomalyVerdict?> InspectVideoStreamingAsync(InspectionProfile profile, Observation observation, TagList tags, CancellationToken cancellationToken)
    {
        if (ComposesPrompts || observation is not VideoObservation video || EncoderFor(profile, observation) is not VideoEncoder encoder)
        {
            return null;
        }

        InspectionSpec spec = profile.FrozenSpec;
        var merged = new StreamedVideoVerdict(_options.VideoAnomalyMapLimit);
        var batch = new List<EncodedView>(VideoBatchViews + 2);
        int lastFrame = -1;
        await foreach (EncodedView view in encoder.EncodeViewsAsync(video, cancellationToken).ConfigureAwait(false))
        {
            int frame = ((VideoProvenance)view.Provenance).Tiles[0].FrameIndex;
            if (batch.Count >= VideoBatchViews && frame != lastFrame)
            {
                await ReasonBatchAsync(profile, spec, batch, merged, tags, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }

            batch.Add(view);
            lastFrame = frame;
        }

        if (batch.Count > 0)
        {
            await ReasonBatchAsync(profile, spec, batch, merged, tags, cancellationToken).ConfigureAwait(false);
        }

        if (merged.ViewCount == 0)
        {
            throw new InvalidObservationException(observation.Name, "the encoder produced no view.", null);
        }

        AnomalyVerdict verdict = merged.ToVerdict();
        TemporalSegments.Apply(verdict, merged.Geometry, _options.TemporalSmoothingRadius);
        return verdict;
    }

    private async Task ReasonBatchAsync(InspectionProfile profile, InspectionSpec spec, List<EncodedView> views, StreamedVideoVerdict merged, TagList tags, CancellationToken cancellationToken)
    {
        RuleChecks.ValidateFor(spec, views);
        var prompt = new AnomalyPrompt([], spec, [.. views]) { ReferenceModel = profile.ReferenceModel };
        AnomalyVerdict verdict = await ReasonAsync(prompt, tags, cancellationToken).ConfigureAwait(false);
        foreach (AnomalyRegion region in verdict.Regions)
        {
            if (region.SourceLocation is null && region.ViewIndex >= 0 && region.ViewIndex < views.Count)
            {
                region.SourceLocation = views[region.ViewIndex].Provenance.MapToSource(region.Box, region.Mask);
            }
        }

        merged.Add(verdict, views);
    }
}
