using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests;

/// <summary>A factory that hands out the fast fake reasoner (for exit-code tests that need no real model).</summary>
internal sealed class FakeReasonerFactory(Action<int>? onReason = null) : ReasonerFactory
{
    protected override (IAnomalyReasoner Reasoner, string Description) CreateCore(string name, ReasonerTuning tuning) =>
        (new BrightnessReasoner { OnReason = onReason }, "fake brightness reasoner");
}
