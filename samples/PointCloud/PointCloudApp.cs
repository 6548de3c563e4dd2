using System.Globalization;
using System.Numerics;
using Customizable.Vlm;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.PointClouds;

namespace PointCloud;

/// <summary>
/// The PointCloud sample's logic, callable in-process: checks its arguments, customizes from the normal clouds, inspects the
/// queries (printing verdict, score, reasoning and each region's 3D location), saves the profile, and reports every failure as
/// one line on standard error with an exit code (no stack trace).
/// </summary>
public static class PointCloudApp
{
    /// <summary>The cloud extensions the sample reads from the normals folder (clouds to inspect may have any extension the reader detects).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".ply", ".pcd", ".xyz", ".pts", ".tif", ".tiff"];

    /// <summary>The usage text printed by <c>--help</c> and after bad arguments.</summary>
    public static string Usage =>
        "Usage: PointCloud                                       customize from generated tubes and inspect three queries\n" +
        "                                                        (normal, dented, with a hole), written as PLY to a temp folder\n" +
        "       PointCloud <normals-dir> <cloud>... [--out <dir>]\n" +
        "                                                        customize from the clouds in <normals-dir> (normal parts) and\n" +
        "                                                        inspect each <cloud>; the profile goes to <dir> (default: a\n" +
        "                                                        folder in the temp folder), and each cloud's rendered views\n" +
        "                                                        with the anomaly map overlaid to <dir>/views/<cloud>.png\n" +
        "       PointCloud --help | -h                           print this text\n" +
        $"Clouds in <normals-dir>: {string.Join(", ", Extensions)}.\n" +
        "Exit codes: 0 done, 2 bad arguments, 3 bad input (missing folder, no clouds, unreadable cloud), 1 other failure, 130 cancelled.\n";

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

        List<string> positional = [];
        string? outputDir = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length && outputDir is null)
            {
                outputDir = args[++i];
            }
            else if (args[i].StartsWith('-'))
            {
                return await BadArgumentsAsync(error, $"unknown or repeated option '{args[i]}' (or --out without a folder).");
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (outputDir is not null && (outputDir.Length == 0 || File.Exists(outputDir)))
        {
            return await BadArgumentsAsync(error, $"--out '{outputDir}' is {(outputDir.Length == 0 ? "empty" : "a file")}; pass a folder.");
        }

        if (positional.Count == 1)
        {
            return await BadArgumentsAsync(error, "expected no clouds, or a folder of normal clouds followed by at least one cloud to inspect; got 1 argument.");
        }

        try
        {
            return await RunCheckedAsync(positional, outputDir, output, error, cancellationToken);
        }
        catch (InvalidObservationException ex)
        {
            // A normal cloud or a query cannot be used: unreadable, not a cloud, truncated, a lying header, or over the input limits
            // (InputLimitExceededException is a subclass).
            await error.WriteLineAsync($"pointcloud: error: {OneLine(ex.Message)}");
            return 3;
        }
        catch (CustomizableVlmException ex)
        {
            // Any other failure the library documents (for example the model cannot be loaded).
            await error.WriteLineAsync($"pointcloud: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The output or demo folder cannot be written.
            await error.WriteLineAsync($"pointcloud: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("pointcloud: cancelled.");
            return 130;
        }
    }

    private static async Task<int> BadArgumentsAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"pointcloud: error: {message}");
        await error.WriteAsync(Usage);
        return 2;
    }

    private static async Task<int> RunCheckedAsync(List<string> args, string? outputDir, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        outputDir = outputDir is null ? Path.Combine(Path.GetTempPath(), "customizable-vlm-pointcloud") : Path.GetFullPath(outputDir);
        IReadOnlyList<Observation> references;
        IReadOnlyList<Observation> queries;
        if (args.Count >= 2)
        {
            if (CloudsIn(args[0]) is not { } r)
            {
                await error.WriteLineAsync($"pointcloud: error: {Problem(args[0])}");
                return 3;
            }

            foreach (string query in args.Skip(1))
            {
                if (!File.Exists(query))
                {
                    await error.WriteLineAsync($"pointcloud: error: the cloud to inspect '{query}' {(Directory.Exists(query) ? "is a folder; pass a cloud file" : "does not exist")}.");
                    return 3;
                }
            }

            (references, queries) = (r, [.. args.Skip(1).Select(PointCloudObservation.FromFile)]);
        }
        else
        {
            string demoDir = Path.Combine(outputDir, "demo-clouds");
            Directory.CreateDirectory(demoDir);
            await output.WriteLineAsync($"No clouds given: writing 4 normal tubes and 3 queries (normal, dented, with a hole) as PLY to {demoDir}.");
            references = [.. Enumerable.Range(0, 4).Select(i => Write(demoDir, $"normal-{i}.ply", DemoClouds.Plate(seed: i)))];
            queries =
            [
                Write(demoDir, "query-normal.ply", DemoClouds.Plate(seed: 100)),
                Write(demoDir, "query-dent.ply", DemoClouds.Plate(seed: 101, DemoClouds.Defect.Dent)),
                Write(demoDir, "query-hole.ply", DemoClouds.Plate(seed: 102, DemoClouds.Defect.Hole)),
            ];
        }

        Directory.CreateDirectory(outputDir);

        // The inspector's default encoders include PointCloudEncoder: each cloud is rendered to six depth-shaded views.
        using var reasoner = new FeatureReasoner();
        var inspector = new AnomalyInspector(reasoner);
        var spec = new InspectionSpec
        {
            TaskDescription = "Decide whether the scanned part's surface has a geometric defect.",
            ClassContext = "a sheet-metal tube, scanned as a point cloud",
            NormalityRules = { new NormalityRule("The surface is smooth and continuous; dents, bumps and holes are defects.") },
            References = [.. references],
        };

        InspectionProfile profile = await inspector.CustomizeAsync(spec, cancellationToken);
        await output.WriteLineAsync($"Customized from {references.Count} normal clouds on {reasoner.ActiveProvider}.");
        string profilePath = Path.Combine(outputDir, "inspection.cvlm");
        await inspector.SaveProfileAsync(profile, profilePath, cancellationToken);

        // The views are rendered again for the pictures, with the same (default) settings as the inspector's encoder.
        var encoder = new PointCloudEncoder();
        string viewsDir = Path.Combine(outputDir, "views");
        Directory.CreateDirectory(viewsDir);
        var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Observation query in queries)
        {
            AnomalyVerdict verdict = await inspector.InspectAsync(profile, query, cancellationToken);
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{query.Name}: {(verdict.IsAnomalous == true ? "ANOMALOUS" : "normal")}  score {verdict.Score:0.000}"));
            await output.WriteLineAsync($"  {verdict.Reasoning}");
            foreach (AnomalyRegion region in verdict.Regions)
            {
                // For a point cloud the region's source location is the set of points seen under it and their bounding box,
                // in the cloud's own units and frame.
                string where = region.SourceLocation is PointSetLocation points
                    ? points.PointIndices.Length == 0 ? "no points under it (background in that view)"
                    : $"{points.PointIndices.Length} points, box {Format(points.Min)} to {Format(points.Max)}"
                    : $"{region.SourceLocation}";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  region (view {region.ViewIndex}, score {region.Score:0.000}): {where}"));
            }

            string stem = Path.GetFileNameWithoutExtension(query.Name) is { Length: > 0 } name ? name : "cloud";
            string picture = Path.Combine(viewsDir, stem + ".png");
            for (int n = 2; !written.Add(picture); n++)
            {
                picture = Path.Combine(viewsDir, string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.png"));
            }

            await ViewOverlay.WriteAsync(await encoder.EncodeAsync(query, cancellationToken), verdict, picture, cancellationToken);
            await output.WriteLineAsync($"  views ({string.Join(" ", encoder.ViewLabels)}) with the anomaly map: {picture}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Profile saved to {profilePath}");
        return 0;
    }

    private static PointCloudObservation Write(string folder, string name, Vector3[] points)
    {
        string path = Path.Combine(folder, name);
        DemoClouds.WritePly(path, points);
        return PointCloudObservation.FromFile(path);
    }

    private static string Format(Vector3 p) => string.Create(CultureInfo.InvariantCulture, $"({p.X:0.000}, {p.Y:0.000}, {p.Z:0.000})");

    /// <summary>The clouds directly in <paramref name="folder"/> in ordinal order, or null when it is missing or holds none.</summary>
    private static List<Observation>? CloudsIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        List<Observation> clouds = [.. Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Select(PointCloudObservation.FromFile)];
        return clouds.Count > 0 ? clouds : null;
    }

    private static string Problem(string folder) =>
        File.Exists(folder) ? $"the normals folder '{folder}' is a file; pass a folder of normal clouds."
        : !Directory.Exists(folder) ? $"the normals folder '{folder}' does not exist."
        : $"the normals folder '{folder}' holds no clouds ({string.Join(", ", Extensions)}).";

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
