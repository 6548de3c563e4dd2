using System.Diagnostics;
using System.Globalization;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Benchmarks.Customization;

/// <summary>
/// One timed customization, printed once as a stage breakdown: <c>dotnet run -c Release --project benchmarks/Customizable.Vlm.Benchmarks
/// -- customize-timing [N] [--size 1024] [--legacy] [--full] [--stages] [--coreset-only [--projection 128,64] [--subsample 2,4,8]]</c>. Writes N generated textured normal PNGs (N defaults to 32) to a temporary
/// folder, customizes the public <see cref="AnomalyInspector"/> with the embedded default from them (end to end, from the files), then,
/// with <c>--stages</c>, times the stages one by one on the same data: decode, backbone (patch features), coreset selection, projection
/// fit and projection of every patch; calibration is what the reasoner's build takes beyond those. The coreset stage is the selection
/// customization runs (<see cref="CoresetSampler.SelectSubsampled"/>, one group per reference); <c>--full</c> also times the exact
/// greedy selection on every patch (<see cref="CoresetSampler.Select"/>) and <c>--legacy</c> the old sampler
/// (<see cref="LegacyCoresetSampler"/>), each with its coverage; <c>--coreset-only</c> times the coreset selection alone on features of
/// frames made in memory: the full selection for each <c>--projection</c>, then the subsampled one for each <c>--subsample</c> factor.
/// </summary>
internal static class CustomizeTiming
{
    public static async Task RunAsync(string[] args)
    {
        int n = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int parsed) ? parsed : 32;
        int size = Option(args, "--size", 1024);
        bool legacy = args.Contains("--legacy");
        bool stages = args.Contains("--stages");
        bool full = args.Contains("--full");
        if (args.Contains("--coreset-only"))
        {
            int[] subsamples = List(args, "--subsample", []);
            TimeCoreset(n, size, legacy, List(args, "--projection", subsamples.Length == 0 ? [128] : []), subsamples);
            return;
        }

        string folder = Path.Combine(Path.GetTempPath(), "cvlm-customize-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            long t = Stopwatch.GetTimestamp();
            string[] files = new string[n];
            Parallel.For(0, n, i =>
            {
                files[i] = Path.Combine(folder, $"good-{i:D3}.png");
                File.WriteAllBytes(files[i], FrameEncoding.ToPng(TexturedPart(size, i)));
            });
            Console.WriteLine($"Wrote {n} {size}x{size} PNGs in {Stopwatch.GetElapsedTime(t).TotalSeconds:0.0} s (not part of any timing); {Environment.ProcessorCount} cores.");

            var spec = new InspectionSpec();
            foreach (string file in files)
            {
                spec.References.Add(ImageObservation.FromFile(file));
            }

            using var reasoner = new FeatureReasoner();
            var inspector = new AnomalyInspector(reasoner);
            t = Stopwatch.GetTimestamp();
            InspectionProfile profile = await inspector.CustomizeAsync(spec).ConfigureAwait(false);
            double endToEnd = Stopwatch.GetElapsedTime(t).TotalSeconds;
            Console.WriteLine($"End to end: AnomalyInspector.CustomizeAsync from {n} files: {endToEnd:0.00} s ({profile.ReferenceModel?.Kind}).");
            if (stages)
            {
                await TimeStagesAsync(reasoner, spec, files, legacy, full).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task TimeStagesAsync(FeatureReasoner reasoner, InspectionSpec spec, string[] files, bool legacy, bool full)
    {
        var loader = new ImageLoader();
        long t = Stopwatch.GetTimestamp();
        var frames = new RawFrame[files.Length];
        for (int i = 0; i < files.Length; i++)
        {
            frames[i] = await loader.LoadAsync(files[i]).ConfigureAwait(false);
        }

        double decode = Seconds(t);
        t = Stopwatch.GetTimestamp();
        float[] all = reasoner.ExtractPatches(frames, Customizable.Vlm.Onnx.Tuning.FeatureSettings.Fallback, CancellationToken.None);
        double backbone = Seconds(t);
        int dims = reasoner.FeatureDimensions;
        int total = all.Length / dims;
        var options = (FeatureReasonerOptions)reasoner.GetService(typeof(FeatureReasonerOptions))!;
        int target = Math.Min(total, options.MaxMemoryBankSize > 0 ? options.MaxMemoryBankSize : total);

        t = Stopwatch.GetTimestamp();
        int[] kept = CoresetSampler.SelectSubsampled(all, total, dims, target, groupSize: total / frames.Length);
        double coreset = Seconds(t);

        t = Stopwatch.GetTimestamp();
        PatchProjection projection = PatchProjection.Fit(all, total, dims, options.ProjectionDimensions);
        double fit = Seconds(t);
        t = Stopwatch.GetTimestamp();
        float[] projected = new float[(long)total * projection.OutputDimensions];
        projection.Project(all, total, projected);
        double project = Seconds(t);

        var views = frames.Select(f => new EncodedView(f, ImageProvenance.Identity(f.Width, f.Height))).ToArray();
        t = Stopwatch.GetTimestamp();
        _ = await reasoner.BuildReferenceModelAsync(spec, views).ConfigureAwait(false);
        double build = Seconds(t);
        double rest = build - backbone - coreset - fit - project;
        Console.WriteLine($"Stages ({files.Length} references, {total} patches of {dims} dims, bank {target}):");
        Console.WriteLine($"  decode (sequential)       {decode,8:0.00} s");
        Console.WriteLine($"  backbone (patch features) {backbone,8:0.00} s");
        Console.WriteLine($"  coreset selection         {coreset,8:0.00} s");
        Console.WriteLine($"  projection fit            {fit,8:0.00} s");
        Console.WriteLine($"  projection of all patches {project,8:0.00} s");
        Console.WriteLine($"  calibration and the rest  {rest,8:0.00} s (reasoner build {build:0.00} s minus the stages above)");
        CoresetCoverage.Print("selection customization runs", all, total, dims, kept);
        if (full)
        {
            t = Stopwatch.GetTimestamp();
            int[] exact = CoresetSampler.Select(all, total, dims, target);
            Console.WriteLine($"  full selection (every patch) {Seconds(t),5:0.00} s");
            CoresetCoverage.Print("full selection", all, total, dims, exact);
        }

        if (legacy)
        {
            t = Stopwatch.GetTimestamp();
            int[] old = LegacyCoresetSampler.Select(all, total, dims, target);
            Console.WriteLine($"  legacy coreset selection  {Seconds(t),8:0.00} s");
            CoresetCoverage.Print("legacy sampler", all, total, dims, old);
        }
    }

    /// <summary>Only the coreset stage, on patch features of frames made in memory (no files, no decoding).</summary>
    private static void TimeCoreset(int n, int size, bool legacy, int[] projections, int[] subsamples)
    {
        using var reasoner = new FeatureReasoner();
        var frames = new RawFrame[n];
        Parallel.For(0, n, i => frames[i] = TexturedPart(size, i));
        float[] all = reasoner.ExtractPatches(frames, Customizable.Vlm.Onnx.Tuning.FeatureSettings.Fallback, CancellationToken.None);
        int dims = reasoner.FeatureDimensions, total = all.Length / dims;
        var options = (FeatureReasonerOptions)reasoner.GetService(typeof(FeatureReasonerOptions))!;
        int target = Math.Min(total, options.MaxMemoryBankSize);
        long t;
        foreach (int projectionDimensions in projections)
        {
            t = Stopwatch.GetTimestamp();
            int[] kept = CoresetSampler.Select(all, total, dims, target, projectionDimensions);
            Console.WriteLine($"Coreset of {target} from {total} patches ({n} references), {projectionDimensions}-dim selection: {Seconds(t):0.00} s");
            CoresetCoverage.Print($"new sampler ({projectionDimensions}-dim selection)", all, total, dims, kept);
        }

        foreach (int factor in subsamples)
        {
            t = Stopwatch.GetTimestamp();
            int[] kept = CoresetSampler.SelectSubsampled(all, total, dims, target, groupSize: total / n, subsampleFactor: factor, subsampleAbove: Math.Max(8, factor));
            Console.WriteLine($"Coreset of {target} from a {factor}x stratified subsample of {total} patches ({n} references), 64-dim selection: {Seconds(t):0.00} s");
            CoresetCoverage.Print($"subsampled selection ({factor}x)", all, total, dims, kept);
        }

        if (legacy)
        {
            t = Stopwatch.GetTimestamp();
            int[] old = LegacyCoresetSampler.Select(all, total, dims, target);
            Console.WriteLine($"Legacy coreset: {Seconds(t):0.00} s");
            CoresetCoverage.Print("legacy sampler", all, total, dims, old);
        }
    }

    /// <summary>A seeded, textured, slightly varied normal part: a woven pattern with a per-image phase, a lighting gradient and noise.</summary>
    internal static RawFrame TexturedPart(int size, int seed)
    {
        var random = new Random(seed);
        double phaseX = random.NextDouble() * 6, phaseY = random.NextDouble() * 6, light = 0.8 + (random.NextDouble() * 0.4);
        byte[] rgb = new byte[size * size * 3];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double weave = (40 * Math.Sin((x * 0.09) + phaseX) * Math.Cos((y * 0.09) + phaseY)) + (20 * Math.Sin((x + y) * 0.013));
                double v = (light * (110 + (30.0 * y / size))) + weave + random.Next(-12, 13);
                int o = ((y * size) + x) * 3;
                rgb[o] = (byte)Math.Clamp(v, 0, 255);
                rgb[o + 1] = (byte)Math.Clamp(v * 0.92, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(v * 0.75, 0, 255);
            }
        }

        return new RawFrame(size, size, PixelFormat.Rgb24, rgb);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }

    private static int[] List(string[] args, string name, int[] fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? [.. args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] : fallback;
    }

    private static double Seconds(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;
}
