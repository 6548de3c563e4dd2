using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Customizable.Vlm.Benchmarks;

/// <summary>
/// The shared configuration of every suite: memory diagnoser, ratio columns, and a job short enough to finish the whole
/// preprocessing suite in a few minutes on a 2-core machine (3 warm-up and 10 measured iterations, one process).
/// Pass <c>--job short</c> on the command line for an even quicker look.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithId("Quick"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(RankColumn.Arabic, CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
