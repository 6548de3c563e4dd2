namespace Customizable.Vlm.Cli.Tests.Support;

/// <summary>A factory that hands out the <see cref="PeakReasoner"/> (for point-cloud and video tests that need no real model).</summary>
internal sealed class PeakReasonerFactory : ReasonerFactory
{
    protected override (IAnomalyReasoner Reasoner, string Description) CreateCore(string name, ReasonerTuning tuning) =>
        (new PeakReasoner(), "fake peak reasoner");
}
