namespace Customizable.Vlm.Cli.Tests;

/// <summary>A factory whose reasoner cannot be created: an unexpected failure.</summary>
internal sealed class BrokenReasonerFactory : ReasonerFactory
{
    protected override (IAnomalyReasoner Reasoner, string Description) CreateCore(string name, ReasonerTuning tuning) =>
        throw new InvalidOperationException("the backbone exploded\nwith a second line");
}
