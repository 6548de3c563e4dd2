using Customizable.Vlm.OnnxGenAI.Generation;

namespace Customizable.Vlm.OnnxGenAI.Tests.Generation;

public class GenerationLoopTests
{
    private static readonly DecisionTokens Decision = DecisionTokens.Create(AnswerFormat.Json, CharacterEncode)!;

    [Fact]
    public void Generation_stops_at_the_end_of_sequence_token_whose_text_is_not_part_of_the_answer()
    {
        var generator = new ScriptedTokenGenerator([.. ScriptedTokenGenerator.Characters("ok"), (ScriptedTokenGenerator.EndOfSequence, "<|end|>", null), .. ScriptedTokenGenerator.Characters("never")]);

        GenerationOutcome outcome = GenerationLoop.Run(generator, 100, null, CancellationToken.None);

        Assert.Equal("ok", outcome.Text);
        Assert.Equal(3, outcome.TokenCount);
        Assert.Equal(GenerationStop.EndOfSequence, outcome.Stop);
    }

    [Fact]
    public void Generation_stops_at_the_token_cap()
    {
        var generator = new ScriptedTokenGenerator(ScriptedTokenGenerator.Characters("abcdefghij"));

        GenerationOutcome outcome = GenerationLoop.Run(generator, 4, null, CancellationToken.None);

        Assert.Equal("abcd", outcome.Text);
        Assert.Equal(4, outcome.TokenCount);
        Assert.Equal(GenerationStop.TokenCap, outcome.Stop);
        Assert.Equal(4, generator.Generated);
    }

    [Fact]
    public void Cancellation_is_honoured_between_two_tokens()
    {
        using var cts = new CancellationTokenSource();
        var generator = new ScriptedTokenGenerator(ScriptedTokenGenerator.Characters("abcdefghij"));
        generator.OnToken = n =>
        {
            if (n == 3)
            {
                cts.Cancel();
            }
        };

        Assert.Throws<OperationCanceledException>(() => GenerationLoop.Run(generator, 100, null, cts.Token));

        Assert.Equal(3, generator.Generated);
    }

    [Fact]
    public void The_logits_are_read_once_at_the_value_after_the_decision_key_skipping_a_space_token()
    {
        float[] spaceLogits = Logits(('t', 9f), ('f', 9f));
        float[] valueLogits = Logits(('t', 2f), ('f', 0f));
        var generator = new ScriptedTokenGenerator(
        [
            .. ScriptedTokenGenerator.Characters("{\"is_anomalous\":"),
            (' ', " ", spaceLogits),
            ('t', "t", valueLogits),
            .. ScriptedTokenGenerator.Characters("rue, \"anomalous\": true}"),
        ]);

        GenerationOutcome outcome = GenerationLoop.Run(generator, 100, Decision, CancellationToken.None);

        Assert.Equal(1, generator.LogitReads);
        Assert.NotNull(outcome.Decision);
        Assert.Equal(1 / (1 + Math.Exp(-2)), outcome.Decision.Value.Anomalous, 6);
        Assert.Equal("{\"is_anomalous\": true, \"anomalous\": true}", outcome.Text);
    }

    [Fact]
    public void Without_a_decision_key_in_the_answer_no_logits_are_read()
    {
        var generator = new ScriptedTokenGenerator(ScriptedTokenGenerator.Characters("{\"verdict\": true}"));

        GenerationOutcome outcome = GenerationLoop.Run(generator, 100, Decision, CancellationToken.None);

        Assert.Equal(0, generator.LogitReads);
        Assert.Null(outcome.Decision);
    }

    [Fact]
    public void A_failed_step_reports_how_many_tokens_were_generated_before_it()
    {
        var generator = new ScriptedTokenGenerator(ScriptedTokenGenerator.Characters("abcdef")) { FailAtStep = 4 };

        var ex = Assert.Throws<GenAIGenerationException>(() => GenerationLoop.Run(generator, 100, null, CancellationToken.None));

        Assert.Equal(4, ex.GeneratedTokenCount);
        Assert.Equal(12, ex.InputTokenCount);
        Assert.Equal(GenAIGenerationStage.Generation, ex.Stage);
    }

    /// <summary>A character tokenizer: every character is one token whose id is its code.</summary>
    internal static int[] CharacterEncode(string text) => [.. text.Select(c => (int)c)];

    private static float[] Logits(params (char Token, float Value)[] values)
    {
        float[] row = Enumerable.Repeat(-30f, 128).ToArray();
        foreach ((char token, float value) in values)
        {
            row[token] = value;
        }

        return row;
    }
}
