using System.Text;
using Customizable.Vlm.OnnxGenAI.Generation;

namespace Customizable.Vlm.OnnxGenAI.Tests.Generation;

public class DecisionTokensTests
{
    [Fact]
    public void The_candidates_are_the_first_tokens_where_the_two_answers_differ()
    {
        DecisionTokens tokens = DecisionTokens.Create(AnswerFormat.Json, GenerationLoopTests.CharacterEncode)!;

        Assert.Equal(['T', 't'], tokens.AnomalousIds.Select(i => (char)i));
        Assert.Equal(['F', 'f'], tokens.NormalIds.Select(i => (char)i));
    }

    [Fact]
    public void In_the_original_format_zero_is_the_anomalous_answer()
    {
        DecisionTokens tokens = DecisionTokens.Create(AnswerFormat.OriginalCorrectness, GenerationLoopTests.CharacterEncode)!;

        Assert.Equal(['0'], tokens.AnomalousIds.Select(i => (char)i));
        Assert.Equal(['1'], tokens.NormalIds.Select(i => (char)i));
        Assert.True(tokens.IsDecisionNext(new StringBuilder("{\"reasoning\": \"a scratch\", \"correctness\": ")));
        Assert.False(tokens.IsDecisionNext(new StringBuilder("{\"reasoning\": \"a scratch\", \"correctness\": 0")));
    }

    [Theory]
    [InlineData("{\"is_anomalous\":", true)]
    [InlineData("```json\n{\n  \"is_anomalous\" :  ", true)]
    [InlineData("{\"anomalous\": ", true)]
    [InlineData("{\"is_anomalous\": t", false)]
    [InlineData("{\"reasoning\": \"is_anomalous:", false)]
    public void The_decision_comes_next_only_right_after_the_key_and_its_colon(string answer, bool expected)
    {
        DecisionTokens tokens = DecisionTokens.Create(AnswerFormat.Json, GenerationLoopTests.CharacterEncode)!;

        Assert.Equal(expected, tokens.IsDecisionNext(new StringBuilder(answer)));
    }

    [Fact]
    public void The_probability_is_renormalised_over_both_answers_and_the_mass_says_how_much_they_got()
    {
        DecisionTokens tokens = DecisionTokens.Create(AnswerFormat.Json, GenerationLoopTests.CharacterEncode)!;
        float[] logits = new float[128];
        logits['t'] = MathF.Log(3);
        logits['f'] = 0;

        DecisionProbability p = tokens.Probability(logits)!.Value;

        // exp: t = 3 and every other token (T, f, F included) 1; anomalous = t + T = 4, normal = f + F = 2, all = 3 + 127.
        Assert.Equal(4.0 / 6.0, p.Anomalous, 6);
        Assert.Equal(6.0 / 130.0, p.Mass, 6);
    }

    [Fact]
    public void A_row_too_short_for_the_candidates_or_with_infinite_logits_gives_no_probability()
    {
        DecisionTokens tokens = DecisionTokens.Create(AnswerFormat.Json, GenerationLoopTests.CharacterEncode)!;

        Assert.Null(tokens.Probability(new float[50]));
        float[] broken = new float[128];
        broken[3] = float.PositiveInfinity;
        Assert.Null(tokens.Probability(broken));
    }

    [Fact]
    public void A_tokenizer_that_cannot_tell_the_answers_apart_gives_no_decision_tokens()
    {
        Assert.Null(DecisionTokens.Create(AnswerFormat.Json, _ => [1, 2, 3]));
    }
}
