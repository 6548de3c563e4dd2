namespace Customizable.Vlm.Cli.Tests;

/// <summary>A factory whose reasoner cannot be created: an unexpected failure.</summary>
internal sealed class BrokenReasonerFactory : ReasonerFactory
{
    public override (IAnomalyReasoner Reasoner, string Description) Create(string name) =>
        throw new InvalidOperationException("the backbone exploded\nwith a second line");
}
