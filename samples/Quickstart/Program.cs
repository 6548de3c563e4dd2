// Quickstart: customize an inspection from a few good parts, then inspect queries with the embedded default reasoner.
//   dotnet run --project samples/Quickstart                                  (generated demo images)
//   dotnet run --project samples/Quickstart -- <references-dir> <queries-dir> [output-dir]
using Customizable.Vlm;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;

string outputDir = args.Length >= 3 ? args[2] : Path.Combine(Path.GetTempPath(), "customizable-vlm-quickstart");
Directory.CreateDirectory(outputDir);

IReadOnlyList<Observation> references;
IReadOnlyList<Observation> queries;
if (args.Length >= 2)
{
    references = ImagesIn(args[0]);
    queries = ImagesIn(args[1]);
}
else
{
    Console.WriteLine("No folders given: generating 4 good parts and 2 queries (one with a planted scratch).");
    references = [.. Enumerable.Range(0, 4).Select(i => ImageObservation.FromFrame(DemoImages.Part(seed: i), $"good-{i}.png"))];
    queries =
    [
        ImageObservation.FromFrame(DemoImages.Part(seed: 100), "query-good.png"),
        ImageObservation.FromFrame(DemoImages.Part(seed: 101, scratch: true), "query-scratch.png"),
    ];
}

using var reasoner = new FeatureReasoner();
var inspector = new AnomalyInspector(reasoner);
var spec = new InspectionSpec
{
    TaskDescription = "Decide whether the part shows a surface defect.",
    ClassContext = "a machined metal part with a regular surface texture",
    NormalityRules = { new NormalityRule("The surface texture is regular; scratches, dents and stains are defects.") },
    References = [.. references],
};

InspectionProfile profile = await inspector.CustomizeAsync(spec);
Console.WriteLine($"Customized from {references.Count} references on {reasoner.ActiveProvider}.");
string profilePath = Path.Combine(outputDir, "inspection.cvlm");
await inspector.SaveProfileAsync(profile, profilePath);

foreach (Observation query in queries)
{
    AnomalyVerdict verdict = await inspector.InspectAsync(profile, query);
    Console.WriteLine();
    Console.WriteLine($"{query.Name}: {(verdict.IsAnomalous == true ? "ANOMALOUS" : "normal")}  score {verdict.Score:0.000}");
    Console.WriteLine($"  {verdict.Reasoning}");
    foreach (AnomalyRegion region in verdict.Regions)
    {
        Console.WriteLine($"  region: {region.SourceLocation}");
    }

    if (verdict.AnomalyMaps.Count > 0)
    {
        RawFrame image = await LoadAsync(query);
        string overlay = Path.Combine(outputDir, Path.GetFileNameWithoutExtension(query.Name) + "-heatmap.png");
        await ImageFiles.SavePngAsync(AnomalyMapOverlay.Render(image, verdict.AnomalyMaps[0], regions: verdict.Regions), overlay);
        Console.WriteLine($"  heat map: {overlay}");
    }
}

Console.WriteLine();
Console.WriteLine($"Profile saved to {profilePath}");

static IReadOnlyList<Observation> ImagesIn(string folder)
{
    string[] extensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"];
    var files = Directory.EnumerateFiles(folder).Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
    if (files.Count == 0)
    {
        throw new ArgumentException($"No images in '{folder}'.");
    }

    return [.. files.Select(ImageObservation.FromFile)];
}

static async Task<RawFrame> LoadAsync(Observation query) => query switch
{
    ImageObservation { Frame: { } frame } => frame,
    ImageObservation { FilePath: { } path } => await new ImageLoader().LoadAsync(path),
    _ => throw new NotSupportedException(),
};
