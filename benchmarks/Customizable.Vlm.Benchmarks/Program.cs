using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using Customizable.Vlm.Benchmarks;

IConfig? config = null;
if (!OpenCvProbe.IsAvailable)
{
    Console.WriteLine($"OpenCV native library did not load ({OpenCvProbe.Reason}); the OpenCV peer benchmarks are skipped. On Debian/Ubuntu install libgtk-3-0.");
    config = ManualConfig.Create(DefaultConfig.Instance).AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("OpenCv", StringComparison.Ordinal)));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
