using System.Diagnostics;
using System.Text;
using Customizable.Vlm.Reasoning;

namespace Customizable.Vlm.Tests.Reasoning;

/// <summary>Random and adversarial answers: the parser never throws in tolerant mode, throws only its own exception in strict mode,
/// keeps the verdict's invariants, and stays bounded in time and memory whatever the input.</summary>
public class VerdictParserPropertyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", "'", ":", ",", "\\", "\\u", "\\u00", "\n", "\r\n", "\t", "\0", " ", "```", "```json\n", "<think>", "</think>",
        "is_anomalous", "correctness", "label", "answer", "confidence", "anomaly_score", "reasoning", "defect_type",
        "true", "false", "True", "None", "null", "yes", "no", "Yes.", "No,", "anomalous", "normal", "0", "1", "0.7", "85%", "-1e309", "1e400",
        "é", "\u2014", "\ud83d\udd0d", "\ud800", "\udc00", "\uffff", "\u200b", "\u202e", "=", "//", "/*", "*/", "%", "NaN", "Infinity",
    ];

    private static readonly string[] ValidAnswers =
    [
        """{"is_anomalous": true, "confidence": 0.9, "defect_type": "crack", "reasoning": "A crack runs along the rim."}""",
        """{"reasoning": "Both images look the same.", "correctness": 1}""",
        "```json\n{\"is_anomalous\": false, \"reasoning\": \"clean\"}\n```",
        "Yes. The gasket is missing.",
        "Correctness: 0. Reasoning: a wire is bent.",
    ];

    private static string RandomText(Random random, int maxPieces)
    {
        var builder = new StringBuilder();
        int pieces = random.Next(maxPieces + 1);
        for (int i = 0; i < pieces; i++)
        {
            if (random.Next(4) == 0)
            {
                builder.Append((char)random.Next(0, 0x10000));
            }
            else
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
            }
        }

        return builder.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        int edits = random.Next(1, 6);
        for (int i = 0; i < edits && builder.Length > 0; i++)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0:
                    builder.Remove(at, Math.Min(builder.Length - at, random.Next(1, 8)));
                    break;
                case 1:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                default:
                    builder[at] = (char)random.Next(0, 0x10000);
                    break;
            }
        }

        return builder.ToString();
    }

    private static void AssertInvariants(string text, AnomalyVerdict verdict)
    {
        Assert.Equal(text, verdict.RawText);
        Assert.InRange(verdict.Score, 0.0, 1.0);
        Assert.NotNull(verdict.Reasoning);
        Assert.Equal(verdict.IsAnomalous is null, verdict.Status == VerdictStatus.Unparseable);
        Assert.NotEqual(VerdictStatus.Measured, verdict.Status);
        switch (verdict.IsAnomalous)
        {
            case true:
                Assert.True(verdict.Score >= 0.5, $"Anomalous with score {verdict.Score} for: {text}");
                break;
            case false:
                Assert.True(verdict.Score < 0.5, $"Normal with score {verdict.Score} for: {text}");
                Assert.Null(verdict.DefectType);
                break;
            default:
                Assert.Equal(0.5, verdict.Score);
                break;
        }
    }

    private static void AssertStrictThrowsOnlyItsOwnException(string text)
    {
        try
        {
            AnomalyVerdict verdict = VerdictParser.Parse(text, new VerdictParserOptions { Strict = true });
            Assert.Equal(VerdictStatus.Parsed, verdict.Status);
        }
        catch (VerdictParseException error)
        {
            Assert.NotNull(error.Verdict);
            Assert.NotEqual(VerdictStatus.Parsed, error.Verdict.Status);
        }
    }

    [Fact]
    public void Random_strings_never_throw_and_always_give_a_consistent_verdict()
    {
        var random = new Random(20240317);
        for (int i = 0; i < 4000; i++)
        {
            string text = RandomText(random, 60);
            AssertInvariants(text, VerdictParser.Parse(text));
            AssertStrictThrowsOnlyItsOwnException(text);
        }
    }

    [Fact]
    public void Mutated_valid_answers_never_throw_and_always_give_a_consistent_verdict()
    {
        var random = new Random(7);
        for (int i = 0; i < 4000; i++)
        {
            string text = Mutate(random, ValidAnswers[random.Next(ValidAnswers.Length)]);
            AssertInvariants(text, VerdictParser.Parse(text));
            AssertStrictThrowsOnlyItsOwnException(text);
        }
    }

    [Fact]
    public void Every_valid_answer_reads_the_same_decision_whether_strict_or_tolerant()
    {
        foreach (string text in ValidAnswers)
        {
            AnomalyVerdict tolerant = VerdictParser.Parse(text);
            Assert.NotNull(tolerant.IsAnomalous);
            try
            {
                Assert.Equal(tolerant.IsAnomalous, VerdictParser.Parse(text, new VerdictParserOptions { Strict = true }).IsAnomalous);
            }
            catch (VerdictParseException error)
            {
                Assert.Equal(tolerant.IsAnomalous, error.Verdict!.IsAnomalous);
            }
        }
    }

    public static TheoryData<string> Adversarial()
    {
        return new TheoryData<string>
        {
            "deep-open",
            "deep-balanced",
            "close-only",
            "quotes",
            "nul",
            "repeated-keys",
            "many-objects",
            "unclosed-string-in-object",
            "deep-arrays",
            "surrogates",
        };
    }

    private static string MakeAdversarial(string kind)
    {
        const int Big = 4 * 1024 * 1024;
        return kind switch
        {
            "deep-open" => new string('{', Big),
            "deep-balanced" => new string('{', Big / 2) + "\"is_anomalous\": true" + new string('}', Big / 2),
            "close-only" => new string('}', Big),
            "quotes" => "{" + new string('"', Big),
            "nul" => "{\"is_anomalous\": true}" + new string('\0', Big),
            "repeated-keys" => "{" + string.Concat(Enumerable.Repeat("\"is_anomalous\": true, ", Big / 22)) + "}",
            "many-objects" => string.Concat(Enumerable.Repeat("{\"a\": 1} ", Big / 9)),
            "unclosed-string-in-object" => "{\"reasoning\": \"" + new string('x', Big),
            "deep-arrays" => "{\"a\": " + new string('[', Big),
            "surrogates" => string.Concat(Enumerable.Repeat("\ud83d\udd0d\ud800{'", Big / 5)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Huge_adversarial_answers_are_read_in_bounded_time_and_memory(string kind)
    {
        string text = MakeAdversarial(kind);
        VerdictParser.Parse("{\"is_anomalous\": true}"); // warm up

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        AnomalyVerdict verdict = VerdictParser.Parse(text);
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        AssertInvariants(text, verdict);
        output.WriteLine($"{kind}: {text.Length:N0} chars, {watch.Elapsed.TotalMilliseconds:0.0} ms, {allocated:N0} bytes allocated");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{kind}: {watch.Elapsed.TotalMilliseconds:0} ms");

        // The scan window is 64 Ki characters (128 KiB); everything the parser allocates is bounded by a small multiple of it.
        Assert.True(allocated < 32L * 1024 * 1024, $"{kind}: {allocated:N0} bytes allocated");
        AssertStrictThrowsOnlyItsOwnException(text);
    }

    [Fact]
    public void A_verdict_at_the_end_of_a_long_thought_and_at_the_start_of_a_repetition_loop_are_both_found()
    {
        string thinking = string.Concat(Enumerable.Repeat("Let me look at the left side again. ", 100_000));

        AnomalyVerdict atEnd = VerdictParser.Parse(thinking + "{\"is_anomalous\": true, \"reasoning\": \"hole\"}");
        AnomalyVerdict atStart = VerdictParser.Parse("{\"is_anomalous\": false, \"reasoning\": \"fine\"}" + thinking);

        Assert.True(atEnd.IsAnomalous);
        Assert.False(atStart.IsAnomalous);
        Assert.Contains("scan-truncated", (IReadOnlyList<string>)atEnd.AdditionalProperties![VerdictPropertyNames.ParseNotes]!);
    }

    [Fact]
    public void Concurrent_parses_of_different_answers_do_not_interfere()
    {
        string[] texts = [.. Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? $"{{\"is_anomalous\": true, \"confidence\": 0.{i % 10}}}" : $"{{\"correctness\": 1, \"reasoning\": \"r{i}\"}}")];
        var results = new AnomalyVerdict[texts.Length];

        Parallel.For(0, texts.Length, i => results[i] = VerdictParser.Parse(texts[i]));

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i % 2 == 0, results[i].IsAnomalous);
        }
    }
}
