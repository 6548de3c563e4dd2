using Customizable.Vlm.OnnxGenAI.Generation;

namespace Customizable.Vlm.OnnxGenAI;

public sealed partial class GenAIAnomalyReasoner
{
    // TEMPORARY until VerdictParser is merged; not committed.
    internal AnomalyVerdict CreateVerdict(GenerationRun run, AnswerFormat format) =>
        new() { RawText = run.Outcome.Text, Status = VerdictStatus.Unparseable, IsAnomalous = null, ModelId = ModelId };
}
