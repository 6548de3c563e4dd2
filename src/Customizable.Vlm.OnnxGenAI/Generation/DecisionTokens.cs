using System.Text;
using System.Text.RegularExpressions;

namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>
/// Finds the decision token of a JSON answer (the value after <c>"is_anomalous":</c> or <c>"correctness":</c>) and turns the
/// logits at that token into the probability of the anomalous answer.
/// </summary>
/// <remarks>
/// The candidate token ids come from the model's own tokenizer: the answer is encoded once with each value (for example
/// <c>{"is_anomalous": true</c> and <c>{"is_anomalous": false</c>) and the first token where the two encodings differ is the
/// token of that value. Several spellings (with and without a space, lower and title case) are collected; ids that would
/// stand for both answers are dropped. Immutable and thread-safe once built.
/// </remarks>
internal sealed partial class DecisionTokens
{
    private const int TailLength = 64;
    private readonly Regex _marker;

    private DecisionTokens(Regex marker, int[] anomalous, int[] normal)
    {
        _marker = marker;
        AnomalousIds = anomalous;
        NormalIds = normal;
    }

    /// <summary>Gets the token ids that start the anomalous answer.</summary>
    public IReadOnlyList<int> AnomalousIds { get; }

    /// <summary>Gets the token ids that start the normal answer.</summary>
    public IReadOnlyList<int> NormalIds { get; }

    /// <summary>Builds the decision tokens of an answer format, or returns null when no distinct candidates exist.</summary>
    /// <param name="format">The requested answer format.</param>
    /// <param name="encode">Encodes a string into token ids with the model's tokenizer.</param>
    public static DecisionTokens? Create(AnswerFormat format, Func<string, int[]> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        (Regex marker, string[] prefixes, (string Anomalous, string Normal)[] values) = format switch
        {
            AnswerFormat.OriginalCorrectness => (
                CorrectnessMarker(),
                new[] { "{\"reasoning\": \"ok\", \"correctness\": ", "{\"reasoning\": \"ok\", \"correctness\":", "{\"correctness\": " },
                new[] { ("0", "1") }),
            _ => (
                AnomalousMarker(),
                new[] { "{\"is_anomalous\": ", "{\"is_anomalous\":", "{\"anomalous\": " },
                new[] { ("true", "false"), ("True", "False") }),
        };

        var anomalous = new HashSet<int>();
        var normal = new HashSet<int>();
        foreach (string prefix in prefixes)
        {
            foreach ((string a, string n) in values)
            {
                int[] ea = encode(prefix + a);
                int[] en = encode(prefix + n);
                int i = 0;
                while (i < ea.Length && i < en.Length && ea[i] == en[i])
                {
                    i++;
                }

                if (i < ea.Length && i < en.Length)
                {
                    anomalous.Add(ea[i]);
                    normal.Add(en[i]);
                }
            }
        }

        int[] both = [.. anomalous.Intersect(normal)];
        anomalous.ExceptWith(both);
        normal.ExceptWith(both);
        return anomalous.Count == 0 || normal.Count == 0
            ? null
            : new DecisionTokens(marker, [.. anomalous.Order()], [.. normal.Order()]);
    }

    /// <summary>Gets whether the next generated token is the decision token: the answer so far ends with the decision key and a colon.</summary>
    public bool IsDecisionNext(StringBuilder answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        int start = Math.Max(0, answer.Length - TailLength);
        return _marker.IsMatch(answer.ToString(start, answer.Length - start));
    }

    /// <summary>Computes the answer's probabilities from one row of logits, or null when the row is too short for the candidates.</summary>
    public DecisionProbability? Probability(ReadOnlySpan<float> logits)
    {
        int maxId = Math.Max(AnomalousIds.Max(), NormalIds.Max());
        if (logits.Length <= maxId)
        {
            return null;
        }

        double max = double.NegativeInfinity;
        foreach (float l in logits)
        {
            if (l > max)
            {
                max = l;
            }
        }

        if (double.IsNaN(max) || double.IsInfinity(max))
        {
            return null;
        }

        double total = 0;
        foreach (float l in logits)
        {
            total += Math.Exp(l - max);
        }

        double a = 0, n = 0;
        foreach (int id in AnomalousIds)
        {
            a += Math.Exp(logits[id] - max);
        }

        foreach (int id in NormalIds)
        {
            n += Math.Exp(logits[id] - max);
        }
        if (!(a + n > 0) || !(total > 0))
        {
            return null;
        }

        return new DecisionProbability(a / (a + n), Math.Clamp((a + n) / total, 0, 1));
    }

    [GeneratedRegex("\"(?:is_anomalous|anomalous)\"\\s*:\\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex AnomalousMarker();

    [GeneratedRegex("\"correctness\"\\s*:\\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CorrectnessMarker();
}
