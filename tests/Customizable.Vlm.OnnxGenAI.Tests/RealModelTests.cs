using Customizable.Vlm.Prompting;

namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>End to end on a real GenAI vision model; runs only when <c>CVLM_GENAI_MODEL</c> points to its folder.</summary>
public class RealModelTests
{
    [RealModelFact]
    public async Task A_real_model_answers_a_composed_prompt_within_the_token_cap_and_the_verdict_keeps_its_raw_text()
    {
        using var reasoner = new GenAIAnomalyReasoner(TestModels.RealModel!, new GenAIReasonerOptions { MaxNewTokens = 96 });
        AnomalyPrompt prompt = await ComposeAsync(AnswerFormat.Json);

        AnomalyVerdict verdict = await reasoner.ReasonAsync(prompt);

        Assert.False(string.IsNullOrEmpty(verdict.RawText));
        Assert.InRange((int)verdict.AdditionalProperties![GenAIVerdictPropertyNames.GeneratedTokens]!, 1, 96);
        Assert.InRange(verdict.Score, 0, 1);
        if (verdict.Status == VerdictStatus.Unparseable)
        {
            Assert.Null(verdict.IsAnomalous);
        }
        else
        {
            Assert.Equal(verdict.IsAnomalous, verdict.Score >= 0.5);
        }
    }

    [RealModelFact]
    public async Task The_token_cap_bounds_a_real_answer_and_a_cancelled_call_leaves_the_reasoner_answering_the_same_again()
    {
        using var reasoner = new GenAIAnomalyReasoner(TestModels.RealModel!, new GenAIReasonerOptions { MaxNewTokens = 3 });
        AnomalyPrompt prompt = await ComposeAsync(AnswerFormat.OriginalCorrectness);

        AnomalyVerdict capped = await reasoner.ReasonAsync(prompt);
        Assert.InRange((int)capped.AdditionalProperties![GenAIVerdictPropertyNames.GeneratedTokens]!, 1, 3);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reasoner.ReasonAsync(prompt, cts.Token));

        AnomalyVerdict again = await reasoner.ReasonAsync(prompt);
        Assert.Equal(capped.RawText, again.RawText);
    }

    private static async Task<AnomalyPrompt> ComposeAsync(AnswerFormat format)
    {
        var spec = new InspectionSpec { ClassContext = "a flat coloured test card", AnswerFormat = format };
        return await new DefaultPromptComposer().ComposeAsync(new PromptContext(spec, [TestPrompts.View(1, "reference", 224)], [TestPrompts.View(7, "query", 224)]));
    }
}
