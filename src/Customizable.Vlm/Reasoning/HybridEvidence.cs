using System.Globalization;
using System.Text;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;

namespace Customizable.Vlm.Reasoning;

/// <summary>Turns a measured verdict into evidence for a vision-language model: a text and, optionally, a heat-map overlay and a close-up.</summary>
internal static class HybridEvidence
{
    public const string OverlayLabel = "Query heat map";
    public const string CropLabel = "Query close-up";
    private const int MinCropSide = 64;

    /// <summary>Builds the evidence parts: the evidence text, then for each image a caption and the image (downscaled to
    /// <see cref="HybridReasonerOptions.MaxEvidenceImageSide"/>).</summary>
    public static IReadOnlyList<PromptPart> Build(AnomalyPrompt prompt, AnomalyVerdict measured, HybridReasonerOptions options)
    {
        var ordered = measured.Regions
            .Where(r => r.ViewIndex < prompt.QueryViews.Count)
            .OrderByDescending(r => r.Score ?? double.NegativeInfinity)
            .ThenByDescending(r => r.Box.Area)
            .ToList();
        AnomalyRegion? top = ordered.FirstOrDefault();
        int focusView = top?.ViewIndex ?? BestMapView(measured) ?? 0;

        var images = new List<(ImagePromptPart Part, string Caption)>();
        if (options.EvidenceImages.HasFlag(HybridEvidenceImages.HeatMapOverlay) && Overlay(prompt, measured, focusView, options) is { } overlay)
        {
            images.Add((overlay, $"{OverlayLabel}: the query with the measured deviation as a heat map (blue within the normal range, yellow at its limit, red beyond it); white boxes outline the regions."));
        }

        if (options.EvidenceImages.HasFlag(HybridEvidenceImages.RegionCrop) && top is not null && Crop(prompt.QueryViews[top.ViewIndex], top.Box, options.MaxEvidenceImageSide) is { } crop)
        {
            PixelRect c = crop.Box;
            images.Add((crop.Part, string.Create(CultureInfo.InvariantCulture, $"{CropLabel}: region 1 and its surroundings (x {c.X}-{c.Right - 1}, y {c.Y}-{c.Bottom - 1} px of the query).")));
        }

        var text = new StringBuilder();
        text.Append("Measured evidence");
        if (!string.IsNullOrWhiteSpace(measured.ModelId))
        {
            text.Append(" (").Append(measured.ModelId).Append(')');
        }

        text.Append(':');
        text.Append(CultureInfo.InvariantCulture, $"\n- Anomaly score {measured.Score:0.00}; 0.50 is the threshold, so the measurement finds the query {(measured.IsAnomalous == true ? "anomalous" : measured.IsAnomalous == false ? "normal" : "undecided")}.");
        if (measured.AdditionalProperties is { } properties
            && properties.TryGetValue(VerdictPropertyNames.RawScore, out object? rawScore) && rawScore is double raw
            && properties.TryGetValue(VerdictPropertyNames.RawThreshold, out object? rawThreshold) && rawThreshold is double threshold && threshold > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- The image's deviation score is {raw / threshold:0.00}x the calibrated limit of the normal range.");
        }

        if (ordered.Count == 0)
        {
            text.Append(measured.IsAnomalous == true
                ? "\n- The deviation beyond the normal range covers too small an area to outline as a region."
                : "\n- No region exceeds the normal range.");
        }

        int shown = Math.Min(ordered.Count, options.MaxRegionsInEvidence);
        for (int i = 0; i < shown; i++)
        {
            AnomalyRegion region = ordered[i];
            text.Append(CultureInfo.InvariantCulture, $"\n- Region {i + 1} of {ordered.Count}: {region.Description ?? Describe(region, prompt.QueryViews[region.ViewIndex], prompt.QueryViews.Count)}");
            if (region.Score is double score)
            {
                text.Append(CultureInfo.InvariantCulture, $"; peak score {score:0.00}");
            }

            text.Append('.');
        }

        if (options.EvidenceInstruction.Length > 0)
        {
            text.Append('\n').Append(options.EvidenceInstruction);
        }

        var parts = new List<PromptPart> { new TextPromptPart(text.ToString(), PromptTextRole.Caption) };
        foreach ((ImagePromptPart part, string caption) in images)
        {
            parts.Add(new TextPromptPart(caption, PromptTextRole.Caption));
            parts.Add(part);
        }

        return parts;
    }

    /// <summary>Describes a region from its box alone: where in the view, its pixel extent and its share of the view.</summary>
    public static string Describe(AnomalyRegion region, EncodedView view, int viewCount)
    {
        PixelRect b = region.Box;
        int w = view.Frame.Width, h = view.Frame.Height;
        double cx = (b.X + (b.Width / 2.0)) / w, cy = (b.Y + (b.Height / 2.0)) / h;
        string vertical = cy < 1.0 / 3 ? "upper" : cy > 2.0 / 3 ? "lower" : string.Empty;
        string horizontal = cx < 1.0 / 3 ? "left" : cx > 2.0 / 3 ? "right" : string.Empty;
        string where = (vertical, horizontal) switch
        {
            ("", "") => "centre",
            ("", _) => horizontal + " side",
            (_, "") => vertical + " middle",
            _ => vertical + "-" + horizontal,
        };
        string ofView = viewCount > 1 ? string.Create(CultureInfo.InvariantCulture, $" of view {region.ViewIndex + 1}") : string.Empty;
        double area = region.AreaFraction ?? (double)b.Area / ((long)w * h);
        return string.Create(CultureInfo.InvariantCulture, $"{where}{ofView} (x {b.X}-{b.Right - 1}, y {b.Y}-{b.Bottom - 1} px), {area * 100:0.##}% of the image");
    }

    private static int? BestMapView(AnomalyVerdict measured) =>
        measured.AnomalyMaps.Count == 0 ? null : measured.AnomalyMaps.MaxBy(m => m.Values.Length == 0 ? float.MinValue : m.Values.Max())!.ViewIndex;

    private static ImagePromptPart? Overlay(AnomalyPrompt prompt, AnomalyVerdict measured, int viewIndex, HybridReasonerOptions options)
    {
        if (viewIndex >= prompt.QueryViews.Count)
        {
            return null;
        }

        EncodedView view = prompt.QueryViews[viewIndex];
        AnomalyMap? map = measured.AnomalyMaps.FirstOrDefault(m => m.ViewIndex == viewIndex && m.Width == view.Frame.Width && m.Height == view.Frame.Height);
        if (map is null)
        {
            return null;
        }

        RawFrame overlay = AnomalyMapOverlay.Render(view.Frame, map, options.OverlayOpacity, measured.Regions.Where(r => r.ViewIndex == viewIndex));
        return EvidenceImage(new EncodedView(overlay, view.Provenance, OverlayLabel, view.Source, view.Index), options.MaxEvidenceImageSide);
    }

    private static (ImagePromptPart Part, PixelRect Box)? Crop(EncodedView view, PixelRect box, int maxSide)
    {
        int w = view.Frame.Width, h = view.Frame.Height;
        int growX = Math.Max(box.Width / 2, (MinCropSide - box.Width + 1) / 2);
        int growY = Math.Max(box.Height / 2, (MinCropSide - box.Height + 1) / 2);
        PixelRect crop = new PixelRect(box.X - growX, box.Y - growY, box.Width + (2 * growX), box.Height + (2 * growY)).Intersect(new PixelRect(0, 0, w, h));
        if (crop.IsEmpty)
        {
            return null;
        }

        RawFrame rgb = ImageLoader.Shared.ToRgb24(view.Frame);
        byte[] pixels = new byte[crop.Width * crop.Height * 3];
        for (int y = 0; y < crop.Height; y++)
        {
            rgb.GetRow(crop.Y + y).Slice(crop.X * 3, crop.Width * 3).CopyTo(pixels.AsSpan(y * crop.Width * 3, crop.Width * 3));
        }

        ViewProvenance provenance = view.Provenance is ImageProvenance image
            ? image.Then(1, 1, crop.X, crop.Y)
            : new ImageProvenance(w, h, 1, 1, crop.X, crop.Y);
        var frame = new RawFrame(crop.Width, crop.Height, PixelFormat.Rgb24, pixels);
        return (EvidenceImage(new EncodedView(frame, provenance, CropLabel, view.Source, view.Index), maxSide), crop);
    }

    /// <summary>An evidence image: the view downscaled as the prompt composer downscales its images, labelled with the view's label.</summary>
    private static ImagePromptPart EvidenceImage(EncodedView view, int maxSide) =>
        new(DefaultPromptComposer.Downscale(view, maxSide, PromptImageRole.Query), PromptImageRole.Query, view.Label);
}
