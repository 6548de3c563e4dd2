using System.Globalization;
using System.Text;

namespace Customizable.Vlm.Prompting;

/// <summary>
/// The default composer: standing instructions (task, class context, normality rules, answer format), then each reference view
/// with a caption, then each query view with a caption, then the request.
/// </summary>
/// <remarks>Deterministic (same context, same prompt) and stateless, so safe for concurrent use.</remarks>
public sealed class DefaultPromptComposer : IPromptComposer
{
    /// <inheritdoc />
    public ValueTask<AnomalyPrompt> ComposeAsync(PromptContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (context.QueryViews.Count == 0)
        {
            throw new ArgumentException("At least one query view is needed.", nameof(context));
        }

        InspectionSpec spec = context.Spec;
        var parts = new List<PromptPart>();
        var system = new StringBuilder();
        system.Append("You are an industrial visual inspector. ").Append(spec.TaskDescription.Trim());
        if (!string.IsNullOrWhiteSpace(spec.ClassContext))
        {
            system.Append("\nObject: ").Append(spec.ClassContext.Trim());
        }

        if (spec.NormalityRules.Count > 0)
        {
            system.Append("\nNormality rules:");
            for (int i = 0; i < spec.NormalityRules.Count; i++)
            {
                system.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. {spec.NormalityRules[i].Text.Trim()}");
            }
        }

        system.Append('\n').Append(AnswerInstructions(spec.AnswerFormat));
        parts.Add(new TextPromptPart(system.ToString(), PromptTextRole.System));

        for (int i = 0; i < context.ReferenceViews.Count; i++)
        {
            string label = string.Create(CultureInfo.InvariantCulture, $"Reference {i + 1} (normal)");
            parts.Add(new TextPromptPart(label + ":", PromptTextRole.Caption));
            parts.Add(new ImagePromptPart(context.ReferenceViews[i], PromptImageRole.Reference, label));
        }

        for (int i = 0; i < context.QueryViews.Count; i++)
        {
            EncodedView view = context.QueryViews[i];
            string label = context.QueryViews.Count == 1
                ? "Query"
                : string.Create(CultureInfo.InvariantCulture, $"Query view {i + 1}{(view.Label is null ? string.Empty : " (" + view.Label + ")")}");
            parts.Add(new TextPromptPart(label + ":", PromptTextRole.Caption));
            parts.Add(new ImagePromptPart(view, PromptImageRole.Query, label));
        }

        parts.Add(new TextPromptPart(
            context.ReferenceViews.Count == 0
                ? "Is the query anomalous? Answer in the requested format only."
                : "Compare the query with the normal references. Is the query anomalous? Answer in the requested format only.",
            PromptTextRole.Instruction));
        return ValueTask.FromResult(new AnomalyPrompt(parts, spec, context.QueryViews));
    }

    private static string AnswerInstructions(AnswerFormat format) => format switch
    {
        AnswerFormat.OriginalCorrectness =>
            "Answer with JSON only: {\"reasoning\": \"<why>\", \"correctness\": 1 or 0}, where 1 means normal and 0 means anomalous.",
        _ =>
            "Answer with JSON only: {\"is_anomalous\": true or false, \"confidence\": <0..1>, \"defect_type\": \"<type or null>\", \"reasoning\": \"<why>\"}.",
    };
}
