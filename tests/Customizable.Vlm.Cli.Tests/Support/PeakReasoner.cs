namespace Customizable.Vlm.Cli.Tests.Support;

/// <summary>
/// A fast, transparent fake reasoner that scores every query view: a view's score is its brightest pixel in [0, 1], and a view
/// scoring at least 0.5 gets one region, the box of its pixels within 10 % of that brightest value. Videos therefore get per-frame
/// scores (and time segments from the inspector), point clouds regions that map back to points.
/// </summary>
internal sealed class PeakReasoner : IAnomalyReasoner
{
    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verdict = new AnomalyVerdict { Reasoning = "brightest pixel per view" };
        for (int v = 0; v < prompt.QueryViews.Count; v++)
        {
            RawFrame frame = prompt.QueryViews[v].Frame;
            int bpp = frame.BytesPerPixel, channels = Math.Min(bpp, 3);
            int Brightness(ReadOnlySpan<byte> row, int x)
            {
                int sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    sum += row[(x * bpp) + c];
                }

                return sum / channels;
            }

            int peak = 0;
            for (int y = 0; y < frame.Height; y++)
            {
                ReadOnlySpan<byte> row = frame.GetRow(y);
                for (int x = 0; x < frame.Width; x++)
                {
                    peak = Math.Max(peak, Brightness(row, x));
                }
            }

            double score = peak / 255.0;
            verdict.ViewScores.Add(score);
            if (score < 0.5)
            {
                continue;
            }

            int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
            for (int y = 0; y < frame.Height; y++)
            {
                ReadOnlySpan<byte> row = frame.GetRow(y);
                for (int x = 0; x < frame.Width; x++)
                {
                    if (Brightness(row, x) >= peak * 0.9)
                    {
                        (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                    }
                }
            }

            verdict.Regions.Add(new AnomalyRegion(v, new PixelRect(left, top, right - left + 1, bottom - top + 1)) { Score = score });
        }

        verdict.Score = verdict.ViewScores.Count == 0 ? 0 : verdict.ViewScores.Max();
        verdict.IsAnomalous = verdict.Score >= 0.5;
        return Task.FromResult(verdict);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
