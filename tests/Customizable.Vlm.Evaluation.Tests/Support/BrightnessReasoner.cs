namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>
/// A fast, transparent fake reasoner: the anomaly map is each pixel's brightness in [0, 1] and the score its mean, so that the
/// bright planted defects of <see cref="PartImages"/> rank above normal parts and their pixels above every texture pixel.
/// </summary>
internal sealed class BrightnessReasoner : IAnomalyReasoner
{
    private int _calls;

    /// <summary>Gets or sets the score at and above which an item is flagged anomalous.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Gets or sets whether verdicts carry an anomaly map.</summary>
    public bool ProduceMaps { get; set; } = true;

    /// <summary>Gets or sets a score given to every item instead of the mean brightness (an uninformative reasoner); null for none.</summary>
    public double? ConstantScore { get; set; }

    /// <summary>Gets or sets a callback run at each call with its 1-based number (e.g. to cancel a run mid-way).</summary>
    public Action<int>? OnReason { get; set; }

    public int Calls => _calls;

    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _calls);
        OnReason?.Invoke(call);
        cancellationToken.ThrowIfCancellationRequested();
        RawFrame frame = prompt.QueryViews[0].Frame;
        float[] map = new float[frame.Width * frame.Height];
        for (int y = 0; y < frame.Height; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y);
            for (int x = 0; x < frame.Width; x++)
            {
                map[(y * frame.Width) + x] = (row[x * 3] + row[(x * 3) + 1] + row[(x * 3) + 2]) / (3f * 255f);
            }
        }

        double score = ConstantScore ?? map.Average();
        var verdict = new AnomalyVerdict
        {
            Score = score,
            IsAnomalous = score >= Threshold,
            Reasoning = $"mean brightness {score:0.000}, \"quoted\", with a comma",
        };
        if (ProduceMaps)
        {
            verdict.AnomalyMaps.Add(new AnomalyMap(frame.Width, frame.Height, map));
        }

        return Task.FromResult(verdict);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
