using System.Diagnostics;
using System.Globalization;
using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// Sized for CI: one caller inspects image FILES one after another, each read and decoded by
/// <c>InspectAsync(profile, ImageObservation.FromFile(path))</c> as a service over a folder would (PNG, JPEG and lossless WebP
/// files of synthetic parts, written by the test). After two warm-up passes over every file, managed and resident memory, measured
/// after full collections at evenly spaced points, stay within fixed bounds of the baseline, and every verdict equals, bit for
/// bit, what a fresh reasoner gives for the same file. <c>CVLM_SOAK_INSPECTIONS</c> raises the count (docs/reliability.md gives
/// the curve of a 2,400-inspection run).
/// </summary>
[Collection(SoakRunsAlone.Name)]
public sealed class SequentialFileSoakTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>Managed memory after full collections: the same bound as the concurrent soak (<see cref="SoakTests"/>).</summary>
    private const long MaxManagedGrowth = 32L * 1024 * 1024;

    /// <summary>Resident memory: the same bound as the concurrent soak; a leak of 100 KB per inspection over 2,400 exceeds it.</summary>
    private const long MaxResidentGrowth = 160L * 1024 * 1024;

    /// <summary>Memory is measured at this many evenly spaced points after the baseline (fewer when there are fewer inspections).</summary>
    private const int Samples = 8;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvlm-file-soak-" + Guid.NewGuid().ToString("N"));

    private static int Inspections { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CVLM_SOAK_INSPECTIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 32;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sequential_inspections_of_image_files_keep_memory_within_bounds_and_give_a_fresh_reasoners_verdicts()
    {
        var setup = Stopwatch.StartNew();
        string[] files = WriteQueryFiles();

        // The expected verdicts come from a fresh reasoner, which builds the profile and is disposed before the soak starts.
        InspectionProfile profile;
        var expected = new AnomalyVerdict[files.Length];
        using (var freshReasoner = new FeatureReasoner(ReasonerFixture.DefaultOptions()))
        {
            var fresh = new AnomalyInspector(freshReasoner);
            profile = await fresh.CustomizeAsync(ReasonerFixture.NewSpec());
            for (int i = 0; i < files.Length; i++)
            {
                expected[i] = await fresh.InspectAsync(profile, ImageObservation.FromFile(files[i]));
            }
        }

        using var reasoner = new FeatureReasoner(ReasonerFixture.DefaultOptions());
        var inspector = new AnomalyInspector(reasoner);

        // Warm-up: two passes over every file, so that the pools and the runtime's arena reach their working size, with full
        // collections between them, so that what the disposed fresh reasoner held is released before the baseline (measured
        // right after it, the baseline was about 120 MiB higher than every later point).
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (string file in files)
            {
                await inspector.InspectAsync(profile, ImageObservation.FromFile(file));
            }

            SoakMemory.Measure();
        }

        (long managed0, long resident0) = SoakMemory.Measure();
        var curve = new List<(int Done, long Managed, long Resident)> { (0, managed0, resident0) };
        int every = Math.Max(1, Inspections / Samples);
        int mismatches = 0;
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < Inspections; k++)
        {
            int q = k % files.Length;
            AnomalyVerdict verdict = await inspector.InspectAsync(profile, ImageObservation.FromFile(files[q]));
            if (verdict.Score != expected[q].Score || verdict.IsAnomalous != expected[q].IsAnomalous
                || !verdict.AnomalyMaps[0].Values.SequenceEqual(expected[q].AnomalyMaps[0].Values))
            {
                mismatches++;
            }

            if ((k + 1) % every == 0 || k + 1 == Inspections)
            {
                (long managed, long resident) = SoakMemory.Measure();
                curve.Add((k + 1, managed, resident));
            }
        }

        clock.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"set-up (two reasoners, profile, expected verdicts, warm-up) {setup.Elapsed.TotalSeconds - clock.Elapsed.TotalSeconds:F1} s; {Inspections} sequential inspections of {files.Length} files in {clock.Elapsed.TotalSeconds:F1} s (memory measured {curve.Count} times)"));
        foreach ((int done, long managed, long resident) in curve)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  after {done,5}: managed {managed / 1048576.0,6:F1} MiB, resident {resident / 1048576.0,7:F1} MiB"));
        }

        Assert.Equal(0, mismatches);
        Assert.All(curve, point =>
        {
            Assert.InRange(point.Managed - managed0, long.MinValue, MaxManagedGrowth);
            Assert.InRange(point.Resident - resident0, long.MinValue, MaxResidentGrowth);
        });
    }

    /// <summary>The standard defect queries and held-out normal parts, as PNG, JPEG or lossless WebP files in turn.</summary>
    private string[] WriteQueryFiles()
    {
        Directory.CreateDirectory(_folder);
        (string Name, RawFrame Frame)[] parts =
        [
            .. ReasonerFixture.DefectQueries.Select(q => ($"defect-{q.Kind}", q.Image.Frame)),
            .. ReasonerFixture.HeldOutNormalSeeds.Select(s => ($"normal-{s}", SyntheticParts.Normal(s).Frame)),
        ];
        var files = new string[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            (string name, RawFrame frame) = parts[i];
            (string extension, byte[] bytes) = (i % 3) switch
            {
                0 => (".png", FrameEncoding.ToPng(frame)),
                1 => (".jpg", FrameEncoding.ToJpeg(frame)),
                _ => (".webp", LosslessWebp(frame)),
            };
            files[i] = Path.Combine(_folder, name + extension);
            File.WriteAllBytes(files[i], bytes);
        }

        return files;
    }

    private static byte[] LosslessWebp(RawFrame frame)
    {
        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(frame.Pixels.Span[..(frame.Width * frame.Height * 3)], frame.Width, frame.Height);
        using var stream = new MemoryStream();
        image.Save(stream, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        return stream.ToArray();
    }
}
