using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Customizable.Vlm.Benchmarks.Reasoning;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace Customizable.Vlm.Benchmarks.Scaling;

/// <summary>
/// Inspection throughput on Orleans, printed once: <c>dotnet run -c Release --project benchmarks/Customizable.Vlm.Benchmarks --
/// cluster-throughput [N] [--concurrency C] [--size 256] [--threads T]</c>. Customizes a profile from five generated normal parts,
/// then inspects the same N generated images (PNG bytes, N defaults to 48) with C callers at a time (default 4): first locally through
/// <see cref="AnomalyInspector.InspectAsync"/> (the baseline), then through <see cref="ClusterInspector"/> from an Orleans client
/// against 1 and against 2 silos hosted in this process on localhost TCP (real gateway and silo-to-silo messaging). Each silo has its
/// own embedded reasoner with T ONNX Runtime threads (default 1) and admits C inspections at once. A warm-up round (one inspection per
/// caller, loading the profile on every silo) is not timed.
/// </summary>
/// <remarks>A program mode, not a BenchmarkDotNet benchmark: a cluster takes seconds to start and holds ports and native sessions, which
/// does not fit BenchmarkDotNet's many short, isolated invocations; one timed round of N inspections per setup, with the wall-clock
/// rate and the mean latency per call, is what a capacity plan needs.</remarks>
internal static class ClusterThroughput
{
    private const string ProfileName = "parts";

    public static async Task RunAsync(string[] args)
    {
        int n = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int parsed) ? parsed : 48;
        int concurrency = Option(args, "--concurrency", 4);
        int size = Option(args, "--size", 256);
        int threads = Option(args, "--threads", 1);
        string folder = Path.Combine(Path.GetTempPath(), "cvlm-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            byte[][] images = [.. Enumerable.Range(0, n).Select(i => FrameEncoding.ToPng(SyntheticParts.Create(size, 1000 + i)))];
            using (var reasoner = new FeatureReasoner(Options(new FeatureReasonerOptions(), threads)))
            {
                var local = new AnomalyInspector(reasoner);
                var spec = new InspectionSpec { ClassContext = "generated textured part" };
                for (int i = 0; i < 5; i++)
                {
                    spec.References.Add(ImageObservation.FromFrame(SyntheticParts.Create(size, i + 1), $"normal-{i}"));
                }

                string path = Path.Combine(folder, ProfileName + ".cvlm");
                await local.SaveProfileAsync(await local.CustomizeAsync(spec), path);
                InspectionProfile profile = await local.LoadProfileAsync(path);
                Console.WriteLine($"{n} images of {size}x{size}, {concurrency} callers at a time, {threads} ONNX Runtime thread(s) per reasoner, {Environment.ProcessorCount} logical processors.");
                await RunRoundAsync("local AnomalyInspector (baseline)", images, concurrency, (image, i) => local.InspectAsync(profile, ImageObservation.FromBytes(image, $"q{i}")).ContinueWith(t => t.Result.Score, TaskScheduler.Default));
            }

            foreach (int silos in new[] { 1, 2 })
            {
                await RunClusterAsync(silos, folder, images, concurrency, threads);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunClusterAsync(int siloCount, string profiles, byte[][] images, int concurrency, int threads)
    {
        int[] siloPorts = [.. Enumerable.Range(0, siloCount).Select(_ => FreePort())];
        int[] gatewayPorts = [.. Enumerable.Range(0, siloCount).Select(_ => FreePort())];
        var hosts = new List<IHost>();
        try
        {
            for (int s = 0; s < siloCount; s++)
            {
                HostApplicationBuilder silo = Host.CreateApplicationBuilder();
                silo.Logging.SetMinimumLevel(LogLevel.Warning);
                silo.Services.AddCustomizableVlm().AddEmbeddedReasoner(o => Options(o, threads));
                int index = s;
                silo.UseOrleans(orleans => orleans
                    .UseLocalhostClustering(siloPorts[index], gatewayPorts[index], new IPEndPoint(IPAddress.Loopback, siloPorts[0]))
                    .AddCvlmInspection(o =>
                    {
                        o.ProfileDirectory = profiles;
                        o.MaxConcurrentInspections = concurrency;
                        o.AdmissionTimeout = TimeSpan.FromMinutes(5);
                    }));
                IHost host = silo.Build();
                await host.StartAsync();
                hosts.Add(host);
            }

            HostApplicationBuilder client = Host.CreateApplicationBuilder();
            client.Logging.SetMinimumLevel(LogLevel.Warning);
            client.UseOrleansClient(c => c.UseLocalhostClustering(gatewayPorts).AddCvlmInspectionClient());
            using IHost clientHost = client.Build();
            await clientHost.StartAsync();
            ClusterInspector inspector = clientHost.Services.GetRequiredService<ClusterInspector>();
            var silosSeen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            await RunRoundAsync($"Orleans, {siloCount} silo(s)", images, concurrency, async (image, i) =>
            {
                InspectionVerdict verdict = await inspector.InspectAsync(ProfileName, image, $"q{i}");
                silosSeen.AddOrUpdate(verdict.Silo, 1, (_, c) => c + 1);
                return verdict.Score;
            });
            Console.WriteLine($"    inspections per silo (warm-up included): {string.Join(", ", silosSeen.Values.Order())}");
            await clientHost.StopAsync();
        }
        finally
        {
            foreach (IHost host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    private static async Task RunRoundAsync(string label, byte[][] images, int concurrency, Func<byte[], int, Task<double>> inspect)
    {
        // Warm-up: one call per caller (profile loads, sessions, JIT).
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => inspect(images[i % images.Length], i)));
        long latencyTicks = 0;
        int next = -1;
        long started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < images.Length; i = Interlocked.Increment(ref next))
            {
                long t = Stopwatch.GetTimestamp();
                await inspect(images[i], i);
                Interlocked.Add(ref latencyTicks, Stopwatch.GetTimestamp() - t);
            }
        }));
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        double meanMs = latencyTicks * 1000.0 / Stopwatch.Frequency / images.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-36} {images.Length / seconds,7:0.00} images/s   mean latency {meanMs,7:0} ms   ({images.Length} in {seconds:0.0} s)"));
    }

    private static FeatureReasonerOptions Options(FeatureReasonerOptions options, int threads)
    {
        options.Backbone = FeatureBackboneOptions.ResNet18(session: new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = threads });
        options.SearchParallelism = 1;
        return options;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }
}
