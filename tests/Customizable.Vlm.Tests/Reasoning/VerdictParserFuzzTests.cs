using System.Text;
using Customizable.Vlm.Reasoning;
using Customizable.Vlm.Testing.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace Customizable.Vlm.Tests.Reasoning;

/// <summary>
/// Seeded mutations of valid model answers (the parser every chat and GenAI reasoner reads its answer with) and CsCheck's random
/// strings: in tolerant mode every input gives a verdict with a score in [0, 1] (never negative zero) and its raw text kept; in
/// strict mode only <see cref="VerdictParseException"/> may come; both within a time and an allocation bound.
/// </summary>
public class VerdictParserFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    /// <summary>Inputs are at most a few KB; the parser's work is linear in its scan length, so 16 MiB is generous and still
    /// catches a blow-up.</summary>
    private const long MaxBytesPerInput = 16L * 1024 * 1024;

    private static readonly byte[][] Answers =
    [
        .. new[]
        {
            """{"is_anomalous": true, "confidence": 0.9, "defect_type": "crack", "reasoning": "A crack runs along the rim."}""",
            """{"reasoning": "Both images look the same.", "correctness": 1}""",
            "```json\n{\"is_anomalous\": false, \"anomaly_score\": 0.12, \"reasoning\": \"clean\"}\n```",
            "<think>the rim looks fine, maybe</think>{'anomalous': 'no', 'confidence': '85%',}",
            "Correctness: 0. Reasoning: a wire is bent.",
            """{"label": "defective", "answer": "Yes", "score": -0.0, "nested": {"a": [1, 2, {"b": null}]}}""",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private static Gen<string> Texts =>
        Gen.Frequency(
            (4, Fuzz.Mutations(Answers).Select(bytes => Encoding.UTF8.GetString(bytes))),
            (1, Gen.String[0, 400]),
            (1, Gen.Char["{}[]\":,'`\\ \nyesnotrueflsacomi01.5%"].Array[0, 400].Select(chars => new string(chars))));

    private static void AssertVerdict(string text, AnomalyVerdict verdict)
    {
        Assert.Equal(text, verdict.RawText);
        Assert.InRange(verdict.Score, 0.0, 1.0);
        Assert.False(double.IsNegative(verdict.Score), "the score is negative zero");
        Assert.Equal(verdict.IsAnomalous is null, verdict.Status == VerdictStatus.Unparseable);
    }

    [Fact]
    public async Task Mutated_answers_always_give_a_verdict_in_tolerant_mode_within_bounds()
    {
        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            "VerdictParser.Parse(tolerant)",
            Texts,
            text => AssertVerdict(text, VerdictParser.Parse(text)),
            _ => false,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.Equal(Fuzz.Iterations, summary.Results);
    }

    [Fact]
    public async Task Mutated_answers_give_a_verdict_or_a_verdict_parse_exception_in_strict_mode_within_bounds()
    {
        var strict = new VerdictParserOptions { Strict = true };
        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            "VerdictParser.Parse(strict)",
            Texts,
            text => AssertVerdict(text, VerdictParser.Parse(text, strict)),
            ex => ex is VerdictParseException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Results > 0 && summary.Refused > 0, summary.ToString());
    }
}
