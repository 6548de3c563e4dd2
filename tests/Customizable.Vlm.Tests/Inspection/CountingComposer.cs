using Customizable.Vlm.Prompting;

namespace Customizable.Vlm.Tests.Inspection;

/// <summary>The default composer, counting what it is asked to do.</summary>
internal sealed class CountingComposer : IPromptComposer
{
    private readonly DefaultPromptComposer _inner = new();
    private int _composed;
    private int _prepared;

    public int Composed => _composed;

    public int Prepared => _prepared;

    public ValueTask<AnomalyPrompt> ComposeAsync(PromptContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _composed);
        return _inner.ComposeAsync(context, cancellationToken);
    }

    public void Validate(InspectionSpec spec) => _inner.Validate(spec);

    public IReadOnlyList<EncodedView> PrepareReferenceViews(IReadOnlyList<EncodedView> referenceViews)
    {
        Interlocked.Increment(ref _prepared);
        return _inner.PrepareReferenceViews(referenceViews);
    }
}
