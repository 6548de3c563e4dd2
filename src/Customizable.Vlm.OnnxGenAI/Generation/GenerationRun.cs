namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>One call's generation and what it was made from.</summary>
/// <param name="Outcome">The decoded answer.</param>
/// <param name="ImageCount">The number of images in the prompt.</param>
/// <param name="InputTokenCount">The number of input ids the processor produced, or null when unreadable.</param>
/// <param name="MaxLength">The generator's maximum length (input plus new tokens).</param>
/// <param name="Milliseconds">Wall time from preprocessing to the last token.</param>
internal sealed record GenerationRun(GenerationOutcome Outcome, int ImageCount, int? InputTokenCount, int MaxLength, double Milliseconds);
