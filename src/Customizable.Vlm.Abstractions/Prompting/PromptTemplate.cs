namespace Customizable.Vlm;

/// <summary>
/// The wording and order of a prompt, with named placeholders: <c>{task}</c>, <c>{class_context}</c>, <c>{object}</c>, <c>{rules}</c>,
/// <c>{answer_format}</c>, <c>{reference_count}</c>, <c>{query_count}</c>, <c>{query_views}</c>; the markers <c>{reference_images}</c>
/// and <c>{query_images}</c> (in <see cref="User"/> only) say where the images go; captions know <c>{index}</c>, <c>{count}</c> and
/// <c>{label}</c>. Each composer documents what every placeholder renders to.
/// </summary>
/// <remarks>
/// <para>Syntax: a placeholder is <c>{name}</c> with a name of lower-case letters, digits and underscores. A brace that does not open
/// such a name is literal text, so JSON examples such as <c>{"correctness": 1}</c> need no escaping; <c>{{</c> and <c>}}</c> always
/// stand for literal braces. A name the composer does not know is an error at customization time
/// (<see cref="IPromptComposer.Validate"/> throws <see cref="PromptTemplateException"/>), never at inspection time.</para>
/// <para>Immutable (derive variants with <c>with</c>); thread-safe.</para>
/// </remarks>
public sealed record PromptTemplate
{
    /// <summary>Gets a short name for logs and profiles, e.g. "default" or "original".</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Gets the standing instructions (a chat model's system message), or null for none.</summary>
    public string? System { get; init; }

    /// <summary>Gets the user message: text with the <c>{reference_images}</c> and <c>{query_images}</c> markers where the images go.
    /// <c>{query_images}</c> must appear exactly once; without <c>{reference_images}</c> the references are not shown (zero-shot).</summary>
    public string User { get; init; } = "{reference_images}{query_images}";

    /// <summary>Gets the caption written before each reference image, or null for none; <c>{index}</c> is 1-based.</summary>
    public string? ReferenceCaption { get; init; }

    /// <summary>Gets the caption written before each query image, or null for none; <c>{index}</c> is 1-based.</summary>
    public string? QueryCaption { get; init; }

    /// <summary>Gets the largest number of reference views shown, or null for all of them (the original method shows one).</summary>
    public int? MaxReferenceImages { get; init; }
}
