namespace Customizable.Vlm.Tests.Video;

/// <summary>Tests that measure the process's live managed memory run alone, after the parallel ones, so other tests' allocations do
/// not blur the measurement.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementGroup
{
    public const string Name = "Memory measurement";
}
