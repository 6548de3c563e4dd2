using System.Globalization;

namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>The wording of the summary lines shared by the HTML report and <c>cvlm eval</c>'s table, so both say the same.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class MetricsText
{
    /// <summary>The suffix of an F1-max that no threshold beats by more than flagging everything.</summary>
    public const string TrivialNote = "= flag-everything value";

    /// <summary>A metric with three decimals, or <c>n/a</c>.</summary>
    public static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>"F1 (threshold)", followed by <see cref="TrivialNote"/> when the F1-max equals the flag-everything F1.</summary>
    public static string F1Max(EvaluationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.F1Max is not { } best)
        {
            return "n/a";
        }

        string text = $"{F(best.F1)} ({F(best.Threshold)})";
        return metrics.F1MaxIsTrivial ? $"{text} {TrivialNote}" : text;
    }

    /// <summary>"F1 (ratio x F1-max)" of the reasoner's own decisions.</summary>
    public static string DecisionF1(EvaluationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return metrics.DecisionF1ToF1MaxRatio is { } ratio
            ? string.Create(CultureInfo.InvariantCulture, $"{F(metrics.DecisionF1)} ({ratio:0.00}x F1-max)")
            : F(metrics.DecisionF1);
    }

    /// <summary>"rate (n images)", or <c>n/a</c>.</summary>
    public static string HitRate(double? rate, int count) =>
        rate is null ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{F(rate)} ({count} image{(count == 1 ? string.Empty : "s")})");
}
