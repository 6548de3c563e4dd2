using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using Customizable.Vlm.Benchmarks;

if (args.Length > 0 && args[0] == "customize-timing")
{
    await Customizable.Vlm.Benchmarks.Customization.CustomizeTiming.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "cluster-throughput")
{
    await Customizable.Vlm.Benchmarks.Scaling.ClusterThroughput.RunAsync(args);
    return;
}

ManualConfig? config = null;
if (!OpenCvProbe.IsAvailable)
{
    Console.WriteLine($"OpenCV native library did not load ({OpenCvProbe.Reason}); the OpenCV peer benchmarks are skipped. On Debian/Ubuntu install libgtk-3-0.");
    config = ManualConfig.Create(DefaultConfig.Instance).AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("OpenCv", StringComparison.Ordinal)));
}

if (!Customizable.Vlm.Benchmarks.Video.VideoDecodeBenchmarks.IsFfmpegAvailable)
{
    Console.WriteLine("ffmpeg/ffprobe are not on PATH; the video decoding benchmarks are skipped. Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg).");
    config = (config ?? ManualConfig.Create(DefaultConfig.Instance)).AddFilter(new SimpleFilter(b => b.Descriptor.Type != typeof(Customizable.Vlm.Benchmarks.Video.VideoDecodeBenchmarks)));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
