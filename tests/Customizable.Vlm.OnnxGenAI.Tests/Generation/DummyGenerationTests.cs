using Customizable.Vlm.OnnxGenAI.Generation;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Customizable.Vlm.OnnxGenAI.Tests.Generation;

/// <summary>
/// The decoding loop on the real GenAI generator of the phi3v dummy. Text-only generation with batch 1 fails on the dummy's
/// fixed shapes (see <see cref="DummyPipelineTests"/>); the one configuration its graphs accept is batch 2, a 2-token prompt and
/// no shared key-value buffer, which allows exactly one generated token (the second step fails on the fixed sequence length).
/// That is enough to run greedy decoding, the token cap, the logits read and cancellation between tokens for real.
/// </summary>
public sealed class DummyGenerationTests : IDisposable
{
    private readonly Model? _model;
    private readonly Tokenizer? _tokenizer;

    public DummyGenerationTests()
    {
        if (TestModels.Phi3VDummy is not null)
        {
            _model = new Model(TestModels.Phi3VDummy);
            _tokenizer = new Tokenizer(_model);
        }
    }

    [DummyModelFact]
    public void Greedy_decoding_stops_at_the_token_cap_with_one_real_token_and_its_logits()
    {
        using Generator generator = StartTwoTokenBatch(out TokenizerStream stream);
        using (stream)
        {
            var tokens = new GenAITokenGenerator(generator, stream, _tokenizer!.GetEosTokenIds().ToArray(), "logits", 2);

            GenerationOutcome outcome = GenerationLoop.Run(tokens, maxNewTokens: 1, decision: null, CancellationToken.None);
            float[]? logits = tokens.ReadLastLogits();

            Assert.Equal(GenerationStop.TokenCap, outcome.Stop);
            Assert.Equal(1, outcome.TokenCount);
            Assert.Equal(3UL, generator.TokenCount());
            Assert.NotNull(logits);
            Assert.Equal(32064, logits.Length);
            Assert.All(logits, l => Assert.True(float.IsFinite(l)));
            Assert.Equal(Array.IndexOf(logits, logits.Max()), generator.GetSequence(0)[^1]);
        }
    }

    [DummyModelFact]
    public void Cancellation_between_tokens_stops_before_the_next_native_step()
    {
        using Generator generator = StartTwoTokenBatch(out TokenizerStream stream);
        using (stream)
        using (var cts = new CancellationTokenSource())
        {
            var tokens = new CancellingGenerator(new GenAITokenGenerator(generator, stream, [], "logits", 2), cts);

            // A second native step would fail on the dummy's fixed shapes; cancellation must come first.
            Assert.Throws<OperationCanceledException>(() => GenerationLoop.Run(tokens, maxNewTokens: 5, decision: null, cts.Token));

            Assert.Equal(1, tokens.Steps);
            Assert.Equal(3UL, generator.TokenCount());
        }
    }

    [DummyModelFact]
    public void A_failing_native_step_is_a_typed_exception_and_the_generator_is_not_touched_again()
    {
        using Generator generator = StartTwoTokenBatch(out TokenizerStream stream);
        using (stream)
        {
            var tokens = new GenAITokenGenerator(generator, stream, [], "logits", 2);

            var ex = Assert.Throws<GenAIGenerationException>(() => GenerationLoop.Run(tokens, maxNewTokens: 5, decision: null, CancellationToken.None));

            Assert.Equal(GenAIGenerationStage.Generation, ex.Stage);
            Assert.Equal(1, ex.GeneratedTokenCount);
            Assert.Contains("inputs_embeds", ex.Message, StringComparison.Ordinal);
            Assert.True(tokens.IsDone);
            Assert.Null(tokens.ReadLastLogits());
            Assert.Throws<InvalidOperationException>(() => tokens.GenerateNextToken());
        }
    }

    [DummyModelFact]
    public void The_decision_tokens_of_the_real_tokenizer_tell_true_from_false_and_zero_from_one()
    {
        int[] Encode(string s)
        {
            using Sequences sequences = _tokenizer!.Encode(s);
            return sequences[0].ToArray();
        }

        DecisionTokens json = DecisionTokens.Create(AnswerFormat.Json, Encode)!;
        DecisionTokens original = DecisionTokens.Create(AnswerFormat.OriginalCorrectness, Encode)!;

        Assert.Contains(json.AnomalousIds, id => _tokenizer!.Decode([id]).Trim() is "true" or "True");
        Assert.Contains(json.NormalIds, id => _tokenizer!.Decode([id]).Trim() is "false" or "False");
        Assert.Equal(["0"], original.AnomalousIds.Select(id => _tokenizer!.Decode([id]).Trim()).Distinct());
        Assert.Equal(["1"], original.NormalIds.Select(id => _tokenizer!.Decode([id]).Trim()).Distinct());
    }

    public void Dispose()
    {
        _tokenizer?.Dispose();
        _model?.Dispose();
    }

    private Generator StartTwoTokenBatch(out TokenizerStream stream)
    {
        using Sequences prompt = _tokenizer!.EncodeBatch(["hello world", "hello world"]);
        Assert.Equal(2, prompt[0].Length);
        using var parameters = new GeneratorParams(_model!);
        parameters.SetSearchOption("max_length", 16);
        parameters.SetSearchOption("batch_size", 2);
        parameters.SetSearchOption("past_present_share_buffer", false);
        parameters.SetSearchOption("do_sample", false);
        var generator = new Generator(_model!, parameters);
        generator.AppendTokenSequences(prompt);
        stream = _tokenizer.CreateStream();
        return generator;
    }

    private sealed class CancellingGenerator(ITokenGenerator inner, CancellationTokenSource cts) : ITokenGenerator
    {
        public int Steps { get; private set; }

        public bool IsDone => inner.IsDone;

        public int GenerateNextToken()
        {
            int token = inner.GenerateNextToken();
            Steps++;
            cts.Cancel();
            return token;
        }

        public string Decode(int token) => inner.Decode(token);

        public bool IsEndOfSequence(int token) => inner.IsEndOfSequence(token);

        public float[]? ReadLastLogits() => inner.ReadLastLogits();
    }
}
