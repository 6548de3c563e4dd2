namespace Customizable.Vlm.Tests.Reasoning;

/// <summary>A middleware for tests: counts the calls that pass through it and appends its name to <see cref="Trail"/>.</summary>
internal sealed class CountingReasoner(IAnomalyReasoner inner, string name, List<string> trail) : DelegatingAnomalyReasoner(inner)
{
    public int Calls { get; private set; }

    public List<string> Trail { get; } = trail;

    public bool DisposedHere { get; private set; }

    public override async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        Calls++;
        lock (Trail)
        {
            Trail.Add(name);
        }

        return await base.ReasonAsync(prompt, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        DisposedHere = true;
        base.Dispose(disposing);
    }
}
