namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>A fast fake reasoner for point clouds: one anomaly map per query view, each pixel's brightness in [0, 1]; the score is
/// the mean over all views.</summary>
internal sealed class ViewBrightnessReasoner : IAnomalyReasoner
{
    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        var verdict = new AnomalyVerdict { Reasoning = "view brightness" };
        double sum = 0;
        for (int v = 0; v < prompt.QueryViews.Count; v++)
        {
            RawFrame frame = prompt.QueryViews[v].Frame;
            float[] map = new float[frame.Width * frame.Height];
            for (int y = 0; y < frame.Height; y++)
            {
                ReadOnlySpan<byte> row = frame.GetRow(y);
                for (int x = 0; x < frame.Width; x++)
                {
                    map[(y * frame.Width) + x] = (row[x * 3] + row[(x * 3) + 1] + row[(x * 3) + 2]) / (3f * 255f);
                }
            }

            sum += map.Average();
            verdict.AnomalyMaps.Add(new AnomalyMap(frame.Width, frame.Height, map, v));
        }

        verdict.Score = sum / Math.Max(1, prompt.QueryViews.Count);
        verdict.IsAnomalous = verdict.Score >= 0.5;
        return Task.FromResult(verdict);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
