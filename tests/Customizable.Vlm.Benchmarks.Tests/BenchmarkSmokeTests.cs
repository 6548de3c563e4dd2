using System.Reflection;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Benchmarks.Reasoning;

namespace Customizable.Vlm.Benchmarks.Tests;

/// <summary>
/// Runs every benchmark class once, outside BenchmarkDotNet: its set-up (with the first value of each <c>[Params]</c>), every benchmark
/// method and its clean-up. The inspection benchmarks' baselines once prepared a 224 x 224 tensor while the reasoner ran at 320 x 320,
/// and they threw on every run without any test noticing (docs/performance.md). Benchmarks of an optional native tool skip as
/// <c>Program.cs</c> does: the OpenCV peers without OpenCV's native library, video decoding without ffmpeg.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    public static TheoryData<string> BenchmarkClasses => [.. ClassNames()];

    [Fact]
    public void The_inspection_benchmarks_are_among_those_run()
    {
        Assert.Contains(typeof(InspectBenchmarks).FullName!, ClassNames());
        Assert.Contains(typeof(InspectStageBenchmarks).FullName!, ClassNames());
    }

    private static string[] ClassNames() => [.. typeof(InspectBenchmarks).Assembly.GetTypes()
        .Where(t => t is { IsPublic: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
        .Select(t => t.FullName!)
        .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public void Every_benchmark_of_the_class_runs_once_after_its_setup(string typeName)
    {
        Type type = typeof(InspectBenchmarks).Assembly.GetType(typeName, throwOnError: true)!;
        if (type == typeof(Video.VideoDecodeBenchmarks) && !Video.VideoDecodeBenchmarks.IsFfmpegAvailable)
        {
            return; // ffmpeg is optional; Program.cs skips this class the same way.
        }

        object instance = Activator.CreateInstance(type)!;
        foreach (PropertyInfo property in type.GetProperties())
        {
            if (property.GetCustomAttribute<ParamsAttribute>() is { Values.Length: > 0 } values)
            {
                property.SetValue(instance, values.Values[0]);
            }
        }

        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance);
        MethodInfo[] benchmarks = [.. methods.Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null
            && (OpenCvProbe.IsAvailable || !m.Name.StartsWith("OpenCv", StringComparison.Ordinal)))];
        Assert.NotEmpty(benchmarks);
        Invoke(instance, methods.Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null));
        try
        {
            foreach (MethodInfo benchmark in benchmarks)
            {
                try
                {
                    object? result = benchmark.Invoke(instance, null);
                    Await(result);
                }
                catch (TargetInvocationException e)
                {
                    Assert.Fail($"{type.Name}.{benchmark.Name} threw {e.InnerException}");
                }
            }
        }
        finally
        {
            Invoke(instance, methods.Where(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null));
        }
    }

    private static void Await(object? result)
    {
        if (result is Task task)
        {
            task.GetAwaiter().GetResult();
        }
        else if (result is ValueTask valueTask)
        {
            valueTask.GetAwaiter().GetResult();
        }
        else if (result?.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            ((Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(result, null)!).GetAwaiter().GetResult();
        }
    }

    private static void Invoke(object instance, IEnumerable<MethodInfo> methods)
    {
        foreach (MethodInfo method in methods)
        {
            Await(method.Invoke(instance, null));
        }
    }
}
