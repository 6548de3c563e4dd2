using System.Globalization;

namespace Customizable.Vlm.Reasoning;

/// <summary>The keys and words <see cref="VerdictParser"/> understands, and how it reads their values.</summary>
/// <remarks>Keys are compared after <see cref="NormalizeKey"/>: lower case, ASCII letters and digits only
/// (<c>is_anomalous</c>, <c>isAnomalous</c> and <c>"Is Anomalous"</c> are one key).</remarks>
internal static class VerdictVocabulary
{
    /// <summary>How a decision key's value relates to "anomalous".</summary>
    public enum Polarity
    {
        /// <summary>True, yes or 1 means anomalous (<c>is_anomalous</c>).</summary>
        Anomalous,

        /// <summary>True, yes or 1 means normal (<c>correctness</c> of the original paper: 1 = normal).</summary>
        Normal,

        /// <summary>The value names a class (<c>label: "anomalous"</c>); yes/no follow <see cref="VerdictParserOptions.YesMeansAnomalous"/>;
        /// numbers follow the anomaly-detection convention 1 = anomalous.</summary>
        Neutral,
    }

    private static readonly Dictionary<string, Polarity> DecisionKeys = new(StringComparer.Ordinal)
    {
        ["isanomalous"] = Polarity.Anomalous,
        ["anomalous"] = Polarity.Anomalous,
        ["isanomaly"] = Polarity.Anomalous,
        ["anomaly"] = Polarity.Anomalous,
        ["hasanomaly"] = Polarity.Anomalous,
        ["hasanomalies"] = Polarity.Anomalous,
        ["anomalydetected"] = Polarity.Anomalous,
        ["isdefective"] = Polarity.Anomalous,
        ["defective"] = Polarity.Anomalous,
        ["hasdefect"] = Polarity.Anomalous,
        ["hasdefects"] = Polarity.Anomalous,
        ["defectdetected"] = Polarity.Anomalous,
        ["isabnormal"] = Polarity.Anomalous,
        ["abnormal"] = Polarity.Anomalous,
        ["correctness"] = Polarity.Normal,
        ["correct"] = Polarity.Normal,
        ["iscorrect"] = Polarity.Normal,
        ["isnormal"] = Polarity.Normal,
        ["normal"] = Polarity.Normal,
        ["isgood"] = Polarity.Normal,
        ["isok"] = Polarity.Normal,
        ["label"] = Polarity.Neutral,
        ["answer"] = Polarity.Neutral,
        ["finalanswer"] = Polarity.Neutral,
        ["verdict"] = Polarity.Neutral,
        ["prediction"] = Polarity.Neutral,
        ["predictedlabel"] = Polarity.Neutral,
        ["result"] = Polarity.Neutral,
        ["classification"] = Polarity.Neutral,
        ["class"] = Polarity.Neutral,
        ["decision"] = Polarity.Neutral,
        ["conclusion"] = Polarity.Neutral,
        ["judgement"] = Polarity.Neutral,
        ["judgment"] = Polarity.Neutral,
        ["assessment"] = Polarity.Neutral,
        ["status"] = Polarity.Neutral,
    };

    private static readonly HashSet<string> ConfidenceKeys = new(StringComparer.Ordinal)
    {
        "confidence", "confidencescore", "conf", "certainty", "probability", "prob", "likelihood",
    };

    private static readonly HashSet<string> ScoreKeys = new(StringComparer.Ordinal)
    {
        "anomalyscore", "score", "anomalyprobability", "probabilityanomalous", "panomalous", "defectprobability", "anomalylikelihood",
    };

    private static readonly HashSet<string> ReasoningKeys = new(StringComparer.Ordinal)
    {
        "reasoning", "reason", "reasons", "explanation", "rationale", "analysis", "justification", "description", "thoughts",
        "comment", "comments", "details",
    };

    private static readonly HashSet<string> DefectTypeKeys = new(StringComparer.Ordinal)
    {
        "defecttype", "defect", "defects", "anomalytype", "defectcategory", "defectclass", "typeofdefect", "category", "type",
    };

    private static readonly HashSet<string> AnomalousWords = new(StringComparer.Ordinal)
    {
        "anomalous", "anomaly", "abnormal", "defective", "defect", "defected", "bad", "ng", "nok", "notok", "fail", "failed",
        "reject", "rejected", "damaged", "faulty", "incorrect", "notnormal", "nonconforming",
    };

    private static readonly HashSet<string> NormalWords = new(StringComparer.Ordinal)
    {
        "normal", "good", "ok", "okay", "pass", "passed", "accept", "accepted", "nodefect", "nodefects", "noanomaly", "noanomalies",
        "notanomalous", "notdefective", "nondefective", "defectfree", "flawless", "nominal", "correct", "conforming", "intact",
    };

    private static readonly HashSet<string> YesWords = new(StringComparer.Ordinal) { "yes", "y", "true", "1" };

    private static readonly HashSet<string> NoWords = new(StringComparer.Ordinal) { "no", "n", "false", "0" };

    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal)
    {
        string.Empty, "none", "null", "na", "nil", "nan", "normal", "nodefect", "nodefects", "noanomaly", "good", "ok", "notapplicable", "unknown",
    };

    /// <summary>Lower-cases and keeps ASCII letters and digits only.</summary>
    public static string NormalizeKey(ReadOnlySpan<char> key)
    {
        Span<char> buffer = key.Length <= 64 ? stackalloc char[key.Length] : new char[key.Length];
        int n = 0;
        foreach (char c in key)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    public static bool TryGetDecisionKey(string normalizedKey, out Polarity polarity) => DecisionKeys.TryGetValue(normalizedKey, out polarity);

    public static bool IsConfidenceKey(string normalizedKey) => ConfidenceKeys.Contains(normalizedKey);

    public static bool IsScoreKey(string normalizedKey) => ScoreKeys.Contains(normalizedKey);

    public static bool IsReasoningKey(string normalizedKey) => ReasoningKeys.Contains(normalizedKey);

    public static bool IsDefectTypeKey(string normalizedKey) => DefectTypeKeys.Contains(normalizedKey);

    /// <summary>Reads a decision value: true = anomalous, false = normal, null = not a decision.</summary>
    public static bool? ReadDecision(object? value, Polarity polarity, bool yesMeansAnomalous)
    {
        switch (value)
        {
            case bool b:
                return polarity switch { Polarity.Normal => !b, _ => b };
            case double d when d is 0 or 1:
                return polarity switch { Polarity.Normal => d == 0, _ => d == 1 };
            case string s:
                return ReadDecisionWords(s, polarity, yesMeansAnomalous);
            default:
                return null;
        }
    }

    /// <summary>Reads up to three words as a decision (e.g. "yes", "Anomalous", "not defective", "no defects").</summary>
    public static bool? ReadDecisionWords(string text, Polarity polarity, bool yesMeansAnomalous)
    {
        ReadOnlySpan<char> trimmed = text.AsSpan().Trim().Trim(".!\"'*`");
        if (trimmed.IsEmpty || trimmed.Length > 40)
        {
            return null;
        }

        string word = NormalizeKey(trimmed);
        if (YesWords.Contains(word) || NoWords.Contains(word))
        {
            bool yes = YesWords.Contains(word);
            return polarity switch
            {
                Polarity.Anomalous => yes,
                Polarity.Normal => !yes,
                _ => word is "1" or "0" ? yes : yes == yesMeansAnomalous,
            };
        }

        if (AnomalousWords.Contains(word))
        {
            return true;
        }

        if (NormalWords.Contains(word))
        {
            return false;
        }

        return null;
    }

    /// <summary>Reads a number in [0, 1] from a number, a percentage ("85%", "85 %") or a number in (1, 100] taken as a percentage.</summary>
    public static double? ReadUnitInterval(object? value)
    {
        double number;
        bool percent = false;
        switch (value)
        {
            case double d:
                number = d;
                break;
            case string s:
                ReadOnlySpan<char> t = s.AsSpan().Trim();
                if (!t.IsEmpty && t[^1] == '%')
                {
                    percent = true;
                    t = t[..^1].TrimEnd();
                }

                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return null;
                }

                break;
            default:
                return null;
        }

        if (!double.IsFinite(number) || number < 0)
        {
            return null;
        }

        if (percent || (number > 1 && number <= 100))
        {
            number /= 100;
        }

        return number <= 1 ? number : null;
    }

    /// <summary>Reads a defect type: a non-empty name that is not a "none" word, or null.</summary>
    public static string? ReadDefectType(object? value)
    {
        string? text = value switch
        {
            string s => s,
            List<object?> list => string.Join(", ", list.OfType<string>().Select(x => x.Trim()).Where(x => x.Length > 0)),
            _ => null,
        };

        if (text is null)
        {
            return null;
        }

        text = text.Trim();
        return NullWords.Contains(NormalizeKey(text)) || text.Length > 200 ? null : text;
    }

    /// <summary>Reads a reasoning text from a string or a list of strings.</summary>
    public static string? ReadReasoning(object? value) => value switch
    {
        string s => s.Trim(),
        List<object?> list when list.All(x => x is string) => string.Join(" ", list.Cast<string>().Select(x => x.Trim())),
        _ => null,
    };
}
