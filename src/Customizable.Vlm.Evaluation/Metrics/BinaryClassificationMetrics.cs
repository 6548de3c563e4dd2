namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>
/// Image-level metrics of continuous scores against binary labels; anomalous (<c>true</c>) is the positive class and a higher score
/// means more anomalous. Every metric that is undefined for the given labels (for example AUROC when all items are normal) is
/// <c>null</c>, never <see cref="double.NaN"/>.
/// </summary>
/// <remarks>
/// <para>Ties are handled exactly: items with equal scores form one threshold step, so AUROC equals the Mann-Whitney statistic with
/// average ranks (a tied anomalous/normal pair counts one half).</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class BinaryClassificationMetrics
{
    /// <summary>Area under the ROC curve: the probability that a random anomalous item scores higher than a random normal one (ties
    /// count one half).</summary>
    /// <param name="scores">One finite score per item (any scale; higher is more anomalous).</param>
    /// <param name="labels">True for anomalous items.</param>
    /// <returns>AUROC in [0, 1]; null when there is no anomalous or no normal item.</returns>
    /// <exception cref="ArgumentException">The lists differ in length or a score is NaN.</exception>
    public static double? Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        List<ThresholdStep> steps = Steps(scores, labels, out long positives, out long negatives);
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        double area = 0;
        long truePositives = 0;
        foreach (ThresholdStep step in steps)
        {
            // Each normal item of this step is outranked by every anomalous item above it and ties with those of the step.
            area += step.Negatives * (truePositives + (step.Positives / 2.0));
            truePositives += step.Positives;
        }

        return area / ((double)positives * negatives);
    }

    /// <summary>Average precision (area under the precision-recall curve as a step sum): the mean over thresholds of precision,
    /// weighted by the recall gained at each threshold.</summary>
    /// <param name="scores">One finite score per item.</param>
    /// <param name="labels">True for anomalous items.</param>
    /// <returns>AP in [0, 1]; null when there is no anomalous item.</returns>
    /// <exception cref="ArgumentException">The lists differ in length or a score is NaN.</exception>
    public static double? AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        List<ThresholdStep> steps = Steps(scores, labels, out long positives, out _);
        if (positives == 0)
        {
            return null;
        }

        double ap = 0, previousRecall = 0;
        long truePositives = 0, falsePositives = 0;
        foreach (ThresholdStep step in steps)
        {
            truePositives += step.Positives;
            falsePositives += step.Negatives;
            double recall = (double)truePositives / positives;
            double precision = (double)truePositives / (truePositives + falsePositives);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }

        return ap;
    }

    /// <summary>The largest F1 score over every threshold that separates the scores, and that threshold.</summary>
    /// <param name="scores">One finite score per item.</param>
    /// <param name="labels">True for anomalous items.</param>
    /// <returns>The best F1 and its threshold; null when there is no anomalous item.</returns>
    /// <exception cref="ArgumentException">The lists differ in length or a score is NaN.</exception>
    public static F1MaxResult? F1Max(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        List<ThresholdStep> steps = Steps(scores, labels, out long positives, out _);
        if (positives == 0)
        {
            return null;
        }

        F1MaxResult best = new(-1, double.PositiveInfinity);
        long truePositives = 0, falsePositives = 0;
        foreach (ThresholdStep step in steps)
        {
            truePositives += step.Positives;
            falsePositives += step.Negatives;
            long falseNegatives = positives - truePositives;
            double f1 = 2.0 * truePositives / ((2.0 * truePositives) + falsePositives + falseNegatives);
            if (f1 > best.F1)
            {
                best = new F1MaxResult(f1, step.Score);
            }
        }

        return best;
    }

    /// <summary>The F1 of flagging every item anomalous: <c>2P / (2P + N)</c>. An F1-max equal to it means no threshold does better
    /// than flagging everything.</summary>
    /// <param name="positives">The number of anomalous items (at least 0).</param>
    /// <param name="negatives">The number of normal items (at least 0).</param>
    /// <returns>The F1 in [0, 1]; null when there is no anomalous item.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double? FlagEverythingF1(int positives, int negatives)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positives);
        ArgumentOutOfRangeException.ThrowIfNegative(negatives);
        return positives == 0 ? null : 2.0 * positives / ((2.0 * positives) + negatives);
    }

    /// <summary>Counts decisions against labels.</summary>
    /// <param name="decisions">True where the item was flagged anomalous.</param>
    /// <param name="labels">True for anomalous items.</param>
    /// <returns>The confusion counts.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static ConfusionCounts Confusion(IReadOnlyList<bool> decisions, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(labels);
        if (decisions.Count != labels.Count)
        {
            throw new ArgumentException($"{decisions.Count} decisions but {labels.Count} labels.", nameof(labels));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            switch ((decisions[i], labels[i]))
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>The fraction of decisions that match the labels.</summary>
    /// <param name="decisions">True where the item was flagged anomalous.</param>
    /// <param name="labels">True for anomalous items.</param>
    /// <returns>Accuracy in [0, 1]; null for empty lists.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static double? Accuracy(IReadOnlyList<bool> decisions, IReadOnlyList<bool> labels) => Confusion(decisions, labels).Accuracy;

    /// <summary>Groups the items by equal score, from the highest score down.</summary>
    private static List<ThresholdStep> Steps(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, out long positives, out long negatives)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels.", nameof(labels));
        }

        double[] keys = new double[scores.Count];
        bool[] values = new bool[scores.Count];
        positives = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = double.IsNaN(scores[i]) ? throw new ArgumentException($"Score {i} is NaN.", nameof(scores)) : scores[i];
            values[i] = labels[i];
            positives += values[i] ? 1 : 0;
        }

        negatives = keys.Length - positives;
        Array.Sort(keys, values);
        var steps = new List<ThresholdStep>();
        for (int end = keys.Length - 1; end >= 0;)
        {
            int start = end;
            while (start > 0 && keys[start - 1] == keys[end])
            {
                start--;
            }

            long p = 0;
            for (int i = start; i <= end; i++)
            {
                p += values[i] ? 1 : 0;
            }

            steps.Add(new ThresholdStep(keys[end], p, end - start + 1 - p));
            end = start - 1;
        }

        return steps;
    }

    private readonly record struct ThresholdStep(double Score, long Positives, long Negatives);
}
