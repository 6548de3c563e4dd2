using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Preprocessing;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    private static void ApplyIgnoreRegions(Span<float> raw, PreprocessGeometry g, EncodedView view, InspectionSpec spec)
    {
        if (view.Provenance is not ImageProvenance source)
        {
            // Checked by the inspector before reasoning: ignore regions of an image rule never reach other modalities.
            return;
        }

        foreach (NormalityRule rule in spec.NormalityRules)
        {
            if (rule.IgnoreRegions is null)
            {
                continue;
            }

            foreach (PixelRect r in rule.IgnoreRegions)
            {
                // Source pixels -> view pixels -> tensor pixels.
                double vx0 = (r.X - source.OffsetX) / source.ScaleX, vx1 = (r.Right - source.OffsetX) / source.ScaleX;
                double vy0 = (r.Y - source.OffsetY) / source.ScaleY, vy1 = (r.Bottom - source.OffsetY) / source.ScaleY;
                int tx0 = Math.Clamp((int)Math.Floor((vx0 - g.OffsetX) / g.ScaleX), 0, g.TensorWidth);
                int tx1 = Math.Clamp((int)Math.Ceiling((vx1 - g.OffsetX) / g.ScaleX), 0, g.TensorWidth);
                int ty0 = Math.Clamp((int)Math.Floor((vy0 - g.OffsetY) / g.ScaleY), 0, g.TensorHeight);
                int ty1 = Math.Clamp((int)Math.Ceiling((vy1 - g.OffsetY) / g.ScaleY), 0, g.TensorHeight);
                for (int y = ty0; y < ty1; y++)
                {
                    raw.Slice((y * g.TensorWidth) + tx0, Math.Max(0, tx1 - tx0)).Clear();
                }
            }
        }
    }

    private List<AnomalyRegion> FindRegions(float[] calibrated, ReadOnlySpan<float> raw, PreprocessGeometry g, int viewIndex, RawFrame frame, PatchMemorySlot memory, int viewCount)
    {
        int minPixels = Math.Max(1, (int)(_options.MinRegionFraction * g.TensorWidth * g.TensorHeight));
        var tensorToView = new ImageProvenance(frame.Width, frame.Height, g.ScaleX, g.ScaleY, g.OffsetX, g.OffsetY);
        double contentArea = (double)g.ContentWidth * g.ContentHeight;
        var result = new List<AnomalyRegion>();
        foreach (MapComponent found in ConnectedComponents.Find(calibrated, g.TensorWidth, g.TensorHeight, 0.5f, minPixels))
        {
            MapComponent c = Tighten(found, raw, g.TensorWidth, memory.Calibration.Threshold);
            var location = (ImageRegionLocation)tensorToView.MapToSource(c.Box, c.Mask);
            if (location.Box.IsEmpty)
            {
                continue;
            }

            var region = new AnomalyRegion(viewIndex, location.Box)
            {
                Mask = location.Mask,
                Score = c.Peak,
                AreaFraction = c.PixelCount / contentArea,
            };
            double strength = raw[(c.PeakY * g.TensorWidth) + c.PeakX] / Math.Max(memory.Calibration.Threshold, 1e-9);
            region.Description = EvidenceText.Describe(region, strength, frame.Width, frame.Height, viewCount);
            result.Add(region);
        }

        return result;
    }

    /// <summary>
    /// Keeps the core of a component: its pixels whose raw distance is at least halfway from the decision threshold to the
    /// component's peak. The map is smoothed and the threshold sits close to normal scores, so the part above the threshold spreads
    /// well beyond a thin defect; the half-height core is what was found.
    /// </summary>
    private static MapComponent Tighten(MapComponent c, ReadOnlySpan<float> raw, int width, double threshold)
    {
        double peak = raw[(c.PeakY * width) + c.PeakX];
        double level = threshold + (0.5 * (peak - threshold));
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = c.Box.Y; y < c.Box.Bottom; y++)
        {
            for (int x = c.Box.X; x < c.Box.Right; x++)
            {
                if (InCore(c, raw, width, level, x, y))
                {
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                }
            }
        }

        if (x1 < 0)
        {
            return c;
        }

        var box = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        byte[] values = new byte[box.Width * box.Height];
        int count = 0;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                if (InCore(c, raw, width, level, x, y))
                {
                    values[((y - box.Y) * box.Width) + x - box.X] = 1;
                    count++;
                }
            }
        }

        return c with { Box = box, Mask = new RegionMask(box, values), PixelCount = count };

        static bool InCore(MapComponent c, ReadOnlySpan<float> raw, int width, double level, int x, int y) =>
            c.Mask.Contains(x, y) && raw[(y * width) + x] >= level;
    }

    /// <summary>Applies the rules' area checks; returns true when every region is tolerated by a rule.</summary>
    private static bool CheckAreaRules(InspectionSpec spec, List<AnomalyRegion> regions, List<string> findings)
    {
        var areaRules = spec.NormalityRules.Where(r => r.MaxDefectAreaFraction is not null).ToList();
        if (areaRules.Count == 0)
        {
            return false;
        }

        bool allTolerated = true;
        foreach (NormalityRule rule in areaRules)
        {
            double max = rule.MaxDefectAreaFraction!.Value;
            var violating = regions.Select((r, i) => (r, i)).Where(t => t.r.AreaFraction > max).Select(t => (t.i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
            string name = rule.Id ?? $"\"{rule.Text}\"";
            if (violating.Count > 0)
            {
                allTolerated = false;
                findings.Add(string.Create(CultureInfo.InvariantCulture, $"Rule {name} (at most {max * 100:0.##}% of the image) is violated by region {string.Join(", ", violating)}."));
            }
            else
            {
                findings.Add(string.Create(CultureInfo.InvariantCulture, $"Rule {name} (at most {max * 100:0.##}% of the image) tolerates every region found, so the part is not flagged."));
            }
        }

        return allTolerated;
    }

}
