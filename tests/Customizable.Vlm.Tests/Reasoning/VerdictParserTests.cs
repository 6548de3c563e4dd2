using Customizable.Vlm.Reasoning;

namespace Customizable.Vlm.Tests.Reasoning;

public class VerdictParserTests
{
    private static IReadOnlyList<string> Notes(AnomalyVerdict verdict) =>
        (IReadOnlyList<string>)verdict.AdditionalProperties![VerdictPropertyNames.ParseNotes]!;

    private static VerdictScoreSource Source(AnomalyVerdict verdict) =>
        (VerdictScoreSource)verdict.AdditionalProperties![VerdictPropertyNames.ScoreSource]!;

    /// <summary>Parses <paramref name="text"/> and checks its status, its decision and that <paramref name="note"/> is among its notes.</summary>
    private static AnomalyVerdict ParseNoted(string text, VerdictStatus status, bool anomalous, string note)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.Equal(status, verdict.Status);
        Assert.Equal(anomalous, verdict.IsAnomalous);
        Assert.Contains(note, Notes(verdict));
        return verdict;
    }

    [Fact]
    public void Our_json_format_is_parsed_with_confidence_defect_type_and_reasoning()
    {
        const string text = """{"is_anomalous": true, "confidence": 0.8, "defect_type": "scratch", "reasoning": "A bright line crosses the tread."}""";

        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.Equal(VerdictStatus.Parsed, verdict.Status);
        Assert.True(verdict.IsAnomalous);
        Assert.Equal(0.9, verdict.Score, 12);
        Assert.Equal("scratch", verdict.DefectType);
        Assert.Equal("A bright line crosses the tread.", verdict.Reasoning);
        Assert.Equal(text, verdict.RawText);
        Assert.Equal(VerdictScoreSource.SelfReportedConfidence, Source(verdict));
        Assert.Equal(0.8, (double)verdict.AdditionalProperties![VerdictPropertyNames.Confidence]!, 12);
        Assert.Empty(Notes(verdict));
    }

    [Fact]
    public void A_confident_normal_answer_scores_below_one_half_and_a_zero_confidence_normal_answer_stays_below_it()
    {
        AnomalyVerdict confident = VerdictParser.Parse("""{"is_anomalous": false, "confidence": 0.6, "reasoning": "ok"}""");
        AnomalyVerdict unsure = VerdictParser.Parse("""{"is_anomalous": false, "confidence": 0, "reasoning": "ok"}""");

        Assert.Equal(0.2, confident.Score, 12);
        Assert.False(unsure.IsAnomalous);
        Assert.True(unsure.Score < 0.5);
        Assert.True(unsure.Score > 0.4999999);
    }

    [Theory]
    [InlineData("""{"reasoning": "The cable insulation is intact.", "correctness": 1}""", false)]
    [InlineData("""{"reasoning": "The screw thread is stripped.", "correctness": 0}""", true)]
    [InlineData("""{"reasoning": "fine", "correctness": true}""", false)]
    [InlineData("""{"reasoning": "bad", "correctness": "0"}""", true)]
    public void The_original_papers_correctness_key_means_normal_when_one(string text, bool anomalous)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.Equal(VerdictStatus.Parsed, verdict.Status);
        Assert.Equal(anomalous, verdict.IsAnomalous);
        Assert.Equal(anomalous ? 1.0 : 0.0, verdict.Score);
        Assert.Equal(VerdictScoreSource.HardLabel, Source(verdict));
    }

    [Theory]
    [InlineData("""{"anomalous": true}""", true)]
    [InlineData("""{"isAnomalous": false}""", false)]
    [InlineData("""{"Is Anomalous": "yes"}""", true)]
    [InlineData("""{"label": "anomalous"}""", true)]
    [InlineData("""{"label": "Normal"}""", false)]
    [InlineData("""{"label": 1}""", true)]
    [InlineData("""{"label": 0}""", false)]
    [InlineData("""{"answer": "No"}""", false)]
    [InlineData("""{"answer": "yes"}""", true)]
    [InlineData("""{"prediction": "defective"}""", true)]
    [InlineData("""{"is_normal": true}""", false)]
    [InlineData("""{"has_defect": 1}""", true)]
    [InlineData("""{"verdict": "not anomalous"}""", false)]
    [InlineData("""{"result": {"is_anomalous": true}}""", true)]
    public void Decision_keys_and_values_of_many_spellings_are_understood(string text, bool anomalous)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.Equal(VerdictStatus.Parsed, verdict.Status);
        Assert.Equal(anomalous, verdict.IsAnomalous);
    }

    [Fact]
    public void Json_in_a_code_fence_is_parsed_and_noted()
    {
        ParseNoted("```json\n{\"is_anomalous\": false, \"reasoning\": \"Matches the reference.\"}\n```", VerdictStatus.Parsed, anomalous: false, "code-fence");
    }

    [Fact]
    public void Json_inside_prose_is_repaired_and_the_prose_is_not_lost()
    {
        const string text = "Looking at both images carefully.\n{\"is_anomalous\": true, \"reasoning\": \"Crack near the rim.\"}\nHope this helps!";

        AnomalyVerdict verdict = ParseNoted(text, VerdictStatus.Repaired, anomalous: true, "json-in-prose");

        Assert.Equal("Crack near the rim.", verdict.Reasoning);
        Assert.Equal(text, verdict.RawText);
    }

    [Theory]
    [InlineData("{'is_anomalous': True, 'reasoning': 'Dent on the left side.'}", "single-quotes")]
    [InlineData("{\"is_anomalous\": true, \"reasoning\": \"Dent on the left side.\",}", "trailing-comma")]
    [InlineData("{is_anomalous: true, reasoning: \"Dent on the left side.\"}", "unquoted-keys")]
    [InlineData("{\"is_anomalous\": True, \"reasoning\": \"Dent on the left side.\", \"defect_type\": None}", "bare-words")]
    [InlineData("{\"is_anomalous\": true, // the model's own comment\n \"reasoning\": \"Dent on the left side.\"}", "comments")]
    [InlineData("{\"is_anomalous\": true \"reasoning\": \"Dent on the left side.\"}", "missing-comma")]
    public void Broken_json_is_repaired_and_says_what_was_forgiven(string text, string note)
    {
        AnomalyVerdict verdict = ParseNoted(text, VerdictStatus.Repaired, anomalous: true, note);

        Assert.Equal("Dent on the left side.", verdict.Reasoning);
    }

    [Fact]
    public void An_answer_cut_off_inside_the_json_keeps_the_decision_read_before_the_cut()
    {
        AnomalyVerdict verdict = ParseNoted(
            "{\"is_anomalous\": true, \"confidence\": 0.7, \"reasoning\": \"The left edge shows a cra", VerdictStatus.Repaired, anomalous: true, "truncated");

        Assert.Equal("The left edge shows a cra", verdict.Reasoning);
    }

    [Theory]
    [InlineData("Yes. There is a cut on the sidewall.", true)]
    [InlineData("No, the part matches the reference.", false)]
    [InlineData("**Anomalous** - a hole in the mesh.", true)]
    [InlineData("Normal.", false)]
    [InlineData("no", false)]
    public void A_bare_answer_word_at_the_start_is_read(string text, bool anomalous)
    {
        ParseNoted(text, VerdictStatus.Repaired, anomalous, "answer-word");
    }

    [Fact]
    public void Yes_can_be_configured_to_mean_normal_for_templates_that_ask_whether_the_part_is_good()
    {
        var options = new VerdictParserOptions { YesMeansAnomalous = false };

        Assert.False(VerdictParser.Parse("Yes, it looks fine.", options).IsAnomalous);
        Assert.True(VerdictParser.Parse("{\"answer\": \"no\"}", options).IsAnomalous);
        Assert.True(VerdictParser.Parse("{\"is_anomalous\": \"yes\"}", options).IsAnomalous);
    }

    [Theory]
    [InlineData("Correctness: 0\nReasoning: the label is torn.", true)]
    [InlineData("After comparing both images, my final answer: not anomalous.", false)]
    [InlineData("**Verdict:** Defective (scratch on the lens)", true)]
    [InlineData("The image shows a bottle. Answer = no", false)]
    public void Key_value_answers_written_as_prose_are_read(string text, bool anomalous)
    {
        ParseNoted(text, VerdictStatus.Repaired, anomalous, "key-value-in-prose");
    }

    [Theory]
    [InlineData("I cannot determine this from the images provided.")]
    [InlineData("The first image shows a hazelnut and the second image shows a hazelnut.")]
    [InlineData("")]
    [InlineData("{\"reasoning\": \"There might be something on the left.\"}")]
    [InlineData("Anomalous regions are hard to see here")]
    public void An_answer_without_a_readable_decision_is_unparseable_and_unknown_not_guessed(string text)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Null(verdict.IsAnomalous);
        Assert.Equal(0.5, verdict.Score);
        Assert.Equal(text, verdict.RawText);
        Assert.Equal(VerdictScoreSource.None, Source(verdict));
    }

    [Theory]
    [InlineData("""{"is_anomalous": true, "correctness": 1}""")]
    [InlineData("Answer: yes. Label: normal.")]
    public void An_answer_that_contradicts_itself_is_unparseable(string text)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Null(verdict.IsAnomalous);
        Assert.Contains("conflicting-answers", Notes(verdict));
    }

    [Fact]
    public void Null_text_is_unparseable_with_an_empty_raw_text()
    {
        AnomalyVerdict verdict = VerdictParser.Parse(null);

        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Equal(string.Empty, verdict.RawText);
    }

    [Fact]
    public void When_the_model_echoes_the_format_first_its_last_answer_wins()
    {
        const string text = "You asked for {\"is_anomalous\": true or false, \"reasoning\": \"...\"}. Here it is: {\"is_anomalous\": false, \"reasoning\": \"Clean surface.\"}";

        AnomalyVerdict verdict = VerdictParser.Parse(text);

        Assert.False(verdict.IsAnomalous);
        Assert.Equal("Clean surface.", verdict.Reasoning);
    }

    [Fact]
    public void A_think_block_is_skipped_in_favour_of_the_well_formed_answer_after_it()
    {
        ParseNoted(
            "<think>Maybe {\"is_anomalous\": true}? No, that is glare.</think>\n{\"is_anomalous\": false, \"reasoning\": \"Glare only.\"}",
            VerdictStatus.Parsed,
            anomalous: false,
            "think-block-skipped");
    }

    [Theory]
    [InlineData("0.85", 0.85)]
    [InlineData("85", 0.85)]
    [InlineData("\"85%\"", 0.85)]
    [InlineData("\"0.5\"", 0.5)]
    [InlineData("1", 1.0)]
    public void Confidence_is_read_from_fractions_percentages_and_strings(string json, double expected)
    {
        AnomalyVerdict verdict = VerdictParser.Parse($$"""{"is_anomalous": true, "confidence": {{json}}}""");

        Assert.Equal(expected, (double)verdict.AdditionalProperties![VerdictPropertyNames.Confidence]!, 12);
        Assert.Equal(0.5 + (expected / 2), verdict.Score, 12);
    }

    [Theory]
    [InlineData("-0.2")]
    [InlineData("250")]
    [InlineData("\"high\"")]
    public void An_unreadable_confidence_is_ignored_and_the_hard_label_scores(string json)
    {
        AnomalyVerdict verdict = VerdictParser.Parse($$"""{"is_anomalous": true, "confidence": {{json}}}""");

        Assert.True(verdict.IsAnomalous);
        Assert.Equal(1.0, verdict.Score);
        Assert.Equal(VerdictScoreSource.HardLabel, Source(verdict));
    }

    [Fact]
    public void A_self_reported_anomaly_score_is_the_score_when_it_agrees_with_the_decision()
    {
        AnomalyVerdict agree = VerdictParser.Parse("""{"is_anomalous": true, "anomaly_score": 0.73}""");
        AnomalyVerdict disagree = VerdictParser.Parse("""{"is_anomalous": false, "anomaly_score": 0.73}""");
        AnomalyVerdict alone = VerdictParser.Parse("""{"anomaly_score": 0.2, "reasoning": "minor dust"}""");

        Assert.Equal(0.73, agree.Score, 12);
        Assert.Equal(VerdictScoreSource.SelfReportedScore, Source(agree));
        Assert.False(disagree.IsAnomalous);
        Assert.Equal(0.0, disagree.Score);
        Assert.Contains("score-contradicts-decision", Notes(disagree));
        Assert.False(alone.IsAnomalous);
        Assert.Equal(0.2, alone.Score, 12);
        Assert.Contains("decision-from-score", Notes(alone));
    }

    [Theory]
    [InlineData("""{"anomaly_score": -0}""")]
    [InlineData("""{"anomaly_score": -0.0, "is_anomalous": false}""")]
    [InlineData("""{"anomaly_score": "-0%"}""")]
    [InlineData("""{"anomaly_score": "-0.000"}""")]
    public void A_negative_zero_score_is_returned_as_positive_zero(string json)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(json);

        Assert.False(verdict.IsAnomalous);
        Assert.Equal(0.0, verdict.Score);
        Assert.False(double.IsNegative(verdict.Score), "the score is negative zero");
        Assert.False(double.IsNegative((double)verdict.AdditionalProperties![VerdictPropertyNames.SelfReportedScore]!), "the self-reported score is negative zero");
        Assert.Equal("0", System.Text.Json.JsonSerializer.Serialize(verdict.Score));
    }

    [Theory]
    [InlineData("\"none\"")]
    [InlineData("null")]
    [InlineData("\"N/A\"")]
    [InlineData("\"\"")]
    public void A_none_like_defect_type_is_null(string json)
    {
        Assert.Null(VerdictParser.Parse($$"""{"is_anomalous": true, "defect_type": {{json}}}""").DefectType);
    }

    [Fact]
    public void A_normal_verdict_carries_no_defect_type()
    {
        Assert.Null(VerdictParser.Parse("""{"is_anomalous": false, "defect_type": "scratch"}""").DefectType);
    }

    [Fact]
    public void Unicode_escapes_and_characters_survive_in_the_reasoning()
    {
        AnomalyVerdict verdict = VerdictParser.Parse("{\"is_anomalous\": true, \"reasoning\": \"Fissure \\u00e9troite \u2014 \ud83d\udd0d\\n2 mm\"}");

        Assert.Equal("Fissure étroite — \ud83d\udd0d\n2 mm", verdict.Reasoning);
    }

    [Fact]
    public void Reasoning_longer_than_the_limit_is_cut_but_the_raw_text_is_kept_whole()
    {
        string reasoning = new('x', 5000);
        string text = $$"""{"is_anomalous": true, "reasoning": "{{reasoning}}"}""";

        AnomalyVerdict verdict = VerdictParser.Parse(text, new VerdictParserOptions { MaxReasoningLength = 100 });

        Assert.Equal(100, verdict.Reasoning.Length);
        Assert.EndsWith("…", verdict.Reasoning, StringComparison.Ordinal);
        Assert.Equal(text, verdict.RawText);
    }

    [Fact]
    public void Strict_mode_accepts_a_well_formed_answer()
    {
        AnomalyVerdict verdict = VerdictParser.Parse("""{"reasoning": "fine", "correctness": 1}""", new VerdictParserOptions { Strict = true });

        Assert.Equal(VerdictStatus.Parsed, verdict.Status);
    }

    [Fact]
    public void Strict_mode_throws_for_a_repaired_answer_and_hands_over_the_tolerant_reading()
    {
        var error = Assert.Throws<VerdictParseException>(() =>
            VerdictParser.Parse("Sure! {'correctness': 0, 'reasoning': 'bent pin'}", new VerdictParserOptions { Strict = true }));

        Assert.Equal(VerdictStatus.Repaired, error.Verdict!.Status);
        Assert.True(error.Verdict.IsAnomalous);
        Assert.Contains("single-quotes", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CustomizableVlmException>(error);
    }

    [Fact]
    public void Strict_mode_throws_for_an_unparseable_answer_and_keeps_the_raw_text()
    {
        var error = Assert.Throws<VerdictParseException>(() => VerdictParser.Parse("I am not sure.", new VerdictParserOptions { Strict = true }));

        Assert.Equal(VerdictStatus.Unparseable, error.Verdict!.Status);
        Assert.Equal("I am not sure.", error.Verdict.RawText);
        Assert.Contains("no readable decision", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(255, 8192)]
    [InlineData(16 * 1024 * 1024 + 1, 8192)]
    [InlineData(1024, 15)]
    public void Out_of_range_options_are_rejected(int maxScan, int maxReasoning)
    {
        var options = new VerdictParserOptions { MaxScanLength = maxScan, MaxReasoningLength = maxReasoning };

        Assert.Throws<ArgumentOutOfRangeException>(() => VerdictParser.Parse("{}", options));
    }

    [Fact]
    public void Options_clone_is_independent()
    {
        var options = new VerdictParserOptions { Strict = true, MaxScanLength = 1000 };
        VerdictParserOptions copy = options.Clone();
        copy.Strict = false;

        Assert.True(options.Strict);
        Assert.Equal(1000, copy.MaxScanLength);
    }
}
