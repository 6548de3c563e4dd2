using Customizable.Vlm;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;

namespace Quickstart;

/// <summary>
/// The Quickstart's logic, callable in-process: checks its arguments, customizes from the reference images, inspects the queries,
/// and reports every failure as one line on standard error with an exit code (no stack trace).
/// </summary>
public static class QuickstartApp
{
    /// <summary>The image extensions the sample reads from a folder (the formats the image loader decodes).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"];

    /// <summary>The usage text printed by <c>--help</c> and after bad arguments.</summary>
    public static string Usage =>
        "Usage: Quickstart                                       customize from generated demo parts and inspect two demo queries\n" +
        "       Quickstart <references-dir> <queries-dir> [output-dir]\n" +
        "                                                        customize from the images in <references-dir> (good parts) and\n" +
        "                                                        inspect every image in <queries-dir>; the profile and heat maps\n" +
        "                                                        go to [output-dir] (default: a folder in the temp folder)\n" +
        "       Quickstart --help | -h                           print this text\n" +
        $"Images: {string.Join(", ", Extensions)}.\n" +
        "Exit codes: 0 done, 2 bad arguments, 3 bad input (missing folder, no images, unreadable image), 1 other failure, 130 cancelled.\n";

    /// <summary>Runs the sample.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where the one-line error messages and the usage after bad arguments go.</param>
    /// <param name="cancellationToken">Stops the run (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Any(a => a is "--help" or "-h"))
        {
            await output.WriteAsync(Usage);
            return 0;
        }

        if (args.Length is 1 or > 3 || args.Any(a => a.StartsWith('-')))
        {
            await error.WriteLineAsync($"quickstart: error: expected no arguments, or 2 or 3 (references folder, queries folder, optional output folder); got {args.Length}.");
            await error.WriteAsync(Usage);
            return 2;
        }

        try
        {
            return await RunCheckedAsync(args, output, error, cancellationToken);
        }
        catch (InvalidObservationException ex)
        {
            // A reference or query cannot be used: missing, unreadable, not an image, truncated, or over the input limits.
            await error.WriteLineAsync($"quickstart: error: {OneLine(ex.Message)}");
            return 3;
        }
        catch (CustomizableVlmException ex)
        {
            // Any other failure the library documents (for example the model cannot be loaded).
            await error.WriteLineAsync($"quickstart: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The output folder cannot be written.
            await error.WriteLineAsync($"quickstart: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("quickstart: cancelled.");
            return 130;
        }
    }

    private static async Task<int> RunCheckedAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        IReadOnlyList<Observation> references;
        IReadOnlyList<Observation> queries;
        if (args.Length >= 2)
        {
            if (ImagesIn(args[0]) is not { } r)
            {
                await error.WriteLineAsync($"quickstart: error: {Problem(args[0], "references")}");
                return 3;
            }

            if (ImagesIn(args[1]) is not { } q)
            {
                await error.WriteLineAsync($"quickstart: error: {Problem(args[1], "queries")}");
                return 3;
            }

            (references, queries) = (r, q);
        }
        else
        {
            await output.WriteLineAsync("No folders given: generating 4 good parts and 2 queries (one with a planted scratch).");
            references = [.. Enumerable.Range(0, 4).Select(i => ImageObservation.FromFrame(DemoImages.Part(seed: i), $"good-{i}.png"))];
            queries =
            [
                ImageObservation.FromFrame(DemoImages.Part(seed: 100), "query-good.png"),
                ImageObservation.FromFrame(DemoImages.Part(seed: 101, scratch: true), "query-scratch.png"),
            ];
        }

        string outputDir = args.Length == 3 ? Path.GetFullPath(args[2]) : Path.Combine(Path.GetTempPath(), "customizable-vlm-quickstart");
        Directory.CreateDirectory(outputDir);

        using var reasoner = new FeatureReasoner();
        var inspector = new AnomalyInspector(reasoner);
        var spec = new InspectionSpec
        {
            TaskDescription = "Decide whether the part shows a surface defect.",
            ClassContext = "a machined metal part with a regular surface texture",
            NormalityRules = { new NormalityRule("The surface texture is regular; scratches, dents and stains are defects.") },
            References = [.. references],
        };

        InspectionProfile profile = await inspector.CustomizeAsync(spec, cancellationToken);
        await output.WriteLineAsync($"Customized from {references.Count} references on {reasoner.ActiveProvider}.");
        string profilePath = Path.Combine(outputDir, "inspection.cvlm");
        await inspector.SaveProfileAsync(profile, profilePath, cancellationToken);

        foreach (Observation query in queries)
        {
            AnomalyVerdict verdict = await inspector.InspectAsync(profile, query, cancellationToken);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{query.Name}: {(verdict.IsAnomalous == true ? "ANOMALOUS" : "normal")}  score {verdict.Score:0.000}");
            await output.WriteLineAsync($"  {verdict.Reasoning}");
            foreach (AnomalyRegion region in verdict.Regions)
            {
                await output.WriteLineAsync($"  region: {region.SourceLocation}");
            }

            if (verdict.AnomalyMaps.Count > 0)
            {
                RawFrame image = await LoadAsync(query, cancellationToken);
                string overlay = Path.Combine(outputDir, Path.GetFileNameWithoutExtension(query.Name) + "-heatmap.png");
                await ImageFiles.SavePngAsync(AnomalyMapOverlay.Render(image, verdict.AnomalyMaps[0], regions: verdict.Regions), overlay, cancellationToken);
                await output.WriteLineAsync($"  heat map: {overlay}");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Profile saved to {profilePath}");
        return 0;
    }

    /// <summary>The images directly in <paramref name="folder"/> in ordinal order, or null when it is missing or holds none.</summary>
    private static List<Observation>? ImagesIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        List<Observation> images = [.. Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Select(ImageObservation.FromFile)];
        return images.Count > 0 ? images : null;
    }

    private static string Problem(string folder, string what) =>
        File.Exists(folder) ? $"the {what} folder '{folder}' is a file; pass a folder of images."
        : !Directory.Exists(folder) ? $"the {what} folder '{folder}' does not exist."
        : $"the {what} folder '{folder}' holds no images ({string.Join(", ", Extensions)}).";

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static async Task<RawFrame> LoadAsync(Observation query, CancellationToken cancellationToken) => query switch
    {
        ImageObservation { Frame: { } frame } => frame,
        ImageObservation { FilePath: { } path } => await new ImageLoader().LoadAsync(path, cancellationToken),
        _ => throw new NotSupportedException("The quickstart inspects images only."),
    };
}
