namespace Customizable.Vlm.Tests.Video;

/// <summary>
/// A reasoner that, like the embedded one, reads no prompt and scores every query view: the score is the view's mean brightness
/// (0..1), and each view gets an anomaly map of 56x56 values and one region with a mask, as the embedded reasoner's verdicts do.
/// It records how many views each call got and, when <see cref="MeasureMemory"/> is set, the live managed memory at each call.
/// </summary>
internal sealed class PerViewReasoner : IAnomalyReasoner
{
    private const int MapSide = 56;

    public bool MeasureMemory { get; init; }

    public int Calls { get; private set; }

    public int MostViewsPerCall { get; private set; }

    public long PeakLiveBytes { get; private set; }

    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        Calls++;
        MostViewsPerCall = Math.Max(MostViewsPerCall, prompt.QueryViews.Count);
        if (MeasureMemory)
        {
            PeakLiveBytes = Math.Max(PeakLiveBytes, GC.GetTotalMemory(forceFullCollection: true));
        }

        var verdict = new AnomalyVerdict { Status = VerdictStatus.Measured };
        for (int v = 0; v < prompt.QueryViews.Count; v++)
        {
            RawFrame frame = prompt.QueryViews[v].Frame;
            double score = Brightness(frame);
            verdict.ViewScores.Add(score);
            float[] values = new float[MapSide * MapSide];
            Array.Fill(values, (float)score);
            verdict.AnomalyMaps.Add(new AnomalyMap(frame.Width, frame.Height, Upsample(values, frame.Width, frame.Height), v));
            var box = new PixelRect(0, 0, frame.Width / 2, frame.Height / 2);
            verdict.Regions.Add(new AnomalyRegion(v, box) { Score = score, Mask = new RegionMask(box, new byte[box.Width * box.Height]) });
        }

        verdict.Score = verdict.ViewScores.Max();
        verdict.IsAnomalous = verdict.Score >= 0.5;
        return Task.FromResult(verdict);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(AnomalyReasonerMetadata) ? new AnomalyReasonerMetadata("test", AnomalyReasonerInputs.ReferenceModel)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static float[] Upsample(float[] grid, int width, int height)
    {
        float[] full = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                full[(y * width) + x] = grid[((y * MapSide / height) * MapSide) + (x * MapSide / width)];
            }
        }

        return full;
    }

    private static double Brightness(RawFrame frame)
    {
        long sum = 0;
        for (int y = 0; y < frame.Height; y++)
        {
            foreach (byte b in frame.GetRow(y))
            {
                sum += b;
            }
        }

        return sum / (255.0 * frame.Width * frame.Height * frame.BytesPerPixel);
    }
}
