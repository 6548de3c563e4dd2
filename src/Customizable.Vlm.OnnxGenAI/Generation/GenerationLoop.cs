using System.Text;

namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>The greedy decoding loop: one token at a time, cancellation checked between tokens, stopped by end of sequence or the token cap.</summary>
internal static class GenerationLoop
{
    /// <summary>Runs the loop.</summary>
    /// <param name="generator">The generator, with its inputs already set.</param>
    /// <param name="maxNewTokens">The token cap, 1 or more.</param>
    /// <param name="decision">Decision tokens whose probability is read from the logits, or null to skip that.</param>
    /// <param name="cancellationToken">Checked before every token.</param>
    /// <returns>The answer and how generation ended.</returns>
    /// <exception cref="OperationCanceledException">Cancelled between two tokens.</exception>
    /// <exception cref="GenAIGenerationException">A decoding step failed; <see cref="GenAIGenerationException.GeneratedTokenCount"/> says after how many tokens.</exception>
    public static GenerationOutcome Run(ITokenGenerator generator, int maxNewTokens, DecisionTokens? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        var text = new StringBuilder();
        int count = 0;
        DecisionProbability? probability = null;
        bool decided = decision is null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (generator.IsDone)
            {
                return new GenerationOutcome(text.ToString(), count, GenerationStop.EndOfSequence, probability);
            }

            if (count >= maxNewTokens)
            {
                return new GenerationOutcome(text.ToString(), count, GenerationStop.TokenCap, probability);
            }

            bool decisionToken = !decided && decision!.IsDecisionNext(text);
            int token;
            try
            {
                token = generator.GenerateNextToken();
            }
            catch (GenAIGenerationException ex)
            {
                throw new GenAIGenerationException(ex.Stage, ex.InputTokenCount, ex.Message, ex.InnerException) { GeneratedTokenCount = count };
            }

            count++;
            if (generator.IsEndOfSequence(token))
            {
                continue;
            }

            string piece = generator.Decode(token);
            text.Append(piece);
            if (decisionToken && !string.IsNullOrWhiteSpace(piece))
            {
                // The value itself (not a space before it): the logits it was chosen from decide the score.
                decided = true;
                float[]? logits = generator.ReadLastLogits();
                probability = logits is null ? null : decision!.Probability(logits);
            }
        }
    }
}
