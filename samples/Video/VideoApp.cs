using System.Diagnostics;
using System.Globalization;
using Customizable.Vlm;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Video;

namespace VideoSample;

/// <summary>
/// The Video sample's logic, callable in-process: checks its arguments, customizes from normal clips, inspects the query clips
/// (printing verdict, score, reasoning and each anomalous segment with its times, frames and box), saves the profile, and reports
/// every failure as one line on standard error with an exit code (no stack trace).
/// </summary>
public static class VideoApp
{
    /// <summary>Video-file extensions (decoded by ffmpeg); <c>.gif</c>, <c>.tif</c> and <c>.tiff</c> are decoded without it.</summary>
    public static readonly IReadOnlyList<string> ClipExtensions = [".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".gif", ".tif", ".tiff"];

    /// <summary>Frame-image extensions: a folder of such files is one clip (frames in name order, numbers compared as numbers).</summary>
    public static readonly IReadOnlyList<string> FrameExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"];

    /// <summary>The usage text printed by <c>--help</c> and after bad arguments.</summary>
    public static string Usage =>
        "Usage: Video                                  draw a 12 s clip in memory (an orange ball crosses the scene from 7 s\n" +
        "                                              to 10 s), customize from its first 5 s and find the ball in time\n" +
        "       Video <normals> <clip>... [--out <dir>]\n" +
        "                                              customize from the normal clips in <normals> and inspect each <clip>;\n" +
        "                                              the profile goes to <dir> (default: a folder in the temp folder)\n" +
        "       Video --help | -h                      print this text\n" +
        $"<normals>: a clip file, or a folder of clip files ({string.Join(" ", ClipExtensions)}) and/or sub-folders of frames,\n" +
        $"or a folder of frames ({string.Join(" ", FrameExtensions)}; one clip). A <clip>: a clip file or a folder of frames.\n" +
        "Video files need ffmpeg (and ffprobe) on PATH; GIFs and frame folders do not.\n" +
        "Exit codes: 0 done, 2 bad arguments, 3 bad input (missing or unreadable clip, no clips), 4 ffmpeg missing, 1 other failure, 130 cancelled.\n";

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

        if (positional.Count == 1)
        {
            return await BadArgumentsAsync(error, "expected no clips, or normal clips followed by at least one clip to inspect; got 1 argument.");
        }

        try
        {
            return await RunCheckedAsync(positional, outputDir, output, error, cancellationToken);
        }
        catch (FfmpegNotFoundException ex)
        {
            // A video file needs ffmpeg; the message says how to install it.
            await error.WriteLineAsync($"video: error: {OneLine(ex.Message)}");
            return 4;
        }
        catch (InvalidObservationException ex)
        {
            // A clip cannot be used: unreadable, corrupt, no video stream, no frames, or over the input limits
            // (VideoDecodingException and InputLimitExceededException are subclasses).
            await error.WriteLineAsync($"video: error: {OneLine(ex.Message)}");
            return 3;
        }
        catch (CustomizableVlmException ex)
        {
            // Any other failure the library documents (for example the model cannot be loaded).
            await error.WriteLineAsync($"video: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The output folder cannot be written.
            await error.WriteLineAsync($"video: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("video: cancelled.");
            return 130;
        }
    }

    private static async Task<int> BadArgumentsAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"video: error: {message}");
        await error.WriteAsync(Usage);
        return 2;
    }

    private static async Task<int> RunCheckedAsync(List<string> args, string? outputDir, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        outputDir = outputDir is null ? Path.Combine(Path.GetTempPath(), "customizable-vlm-video") : Path.GetFullPath(outputDir);
        IReadOnlyList<Observation> references;
        IReadOnlyList<Observation> queries;
        bool demo = args.Count == 0;
        if (!demo)
        {
            if (NormalClips(args[0]) is not { } r)
            {
                await error.WriteLineAsync($"video: error: {Problem(args[0])}");
                return 3;
            }

            foreach (string query in args.Skip(1))
            {
                if (!File.Exists(query) && !(Directory.Exists(query) && HasFrames(query)))
                {
                    string why = Directory.Exists(query) ? "is a folder without frames" : "does not exist";
                    await error.WriteLineAsync($"video: error: the clip to inspect '{query}' {why}.");
                    return 3;
                }
            }

            (references, queries) = (r, [.. args.Skip(1).Select(VideoObservation.FromFile)]);
        }
        else
        {
            RawFrame[] frames = DemoClip.Frames();
            int normal = (int)(DemoClip.NormalPartEnd.TotalSeconds * DemoClip.FramesPerSecond);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"No clips given: drew a {DemoClip.Length.TotalSeconds:0} s clip in memory ({frames.Length} frames, {DemoClip.FramesPerSecond:0} fps, {DemoClip.Width}x{DemoClip.Height}); an orange ball crosses the scene from t={DemoClip.ObjectStart.TotalSeconds:0.00}s to t={DemoClip.ObjectEnd.TotalSeconds:0.00}s."));
            references = [VideoObservation.FromFrames(frames[..normal], DemoClip.FramesPerSecond, $"normal part (t=0-{DemoClip.NormalPartEnd.TotalSeconds:0}s)")];
            queries = [VideoObservation.FromFrames(frames, DemoClip.FramesPerSecond, "demo clip")];
        }

        Directory.CreateDirectory(outputDir);

        // The inspector's default encoders include VideoEncoder: each clip is sampled to 32 uniform key frames, one view each.
        using var reasoner = new FeatureReasoner();
        var inspector = new AnomalyInspector(reasoner);
        var spec = new InspectionSpec
        {
            TaskDescription = "Decide whether anything unusual happens in the scene watched by a fixed camera, and when.",
            ClassContext = "a fixed camera over a walkway",
            References = [.. references],
        };

        long started = Stopwatch.GetTimestamp();
        InspectionProfile profile = await inspector.CustomizeAsync(spec, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Customized from {references.Count} normal clip(s) ({profile.References.Count} frames) on {reasoner.ActiveProvider} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
        string profilePath = Path.Combine(outputDir, "inspection.cvlm");
        await inspector.SaveProfileAsync(profile, profilePath, cancellationToken);

        foreach (Observation query in queries)
        {
            started = Stopwatch.GetTimestamp();
            AnomalyVerdict verdict = await inspector.InspectAsync(profile, query, cancellationToken);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{query.Name}: {(verdict.IsAnomalous == true ? "ANOMALOUS" : "normal")}  score {verdict.Score:0.000}  ({verdict.FrameScores.Count} frames inspected in {seconds:0.0} s)"));
            await output.WriteLineAsync($"  {verdict.Reasoning}");
            foreach (AnomalyRegion region in verdict.Regions)
            {
                // For a video the region's source location is a stretch of time: start and end (seconds from the start of the clip),
                // the frames it covers, and the box in the strongest frame's pixels.
                if (region.SourceLocation is TimeRangeLocation when)
                {
                    string box = when.FrameBox is { } b ? $", box x={b.X} y={b.Y} w={b.Width} h={b.Height} (frame pixels)" : string.Empty;
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  segment: t={when.Start.TotalSeconds:0.00}s-{when.End.TotalSeconds:0.00}s (frames {when.FirstFrame}-{when.LastFrame}){box}, score {region.Score:0.000}"));
                }
            }

            if (demo)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  (the ball is in the scene from t={DemoClip.ObjectStart.TotalSeconds:0.00}s to t={DemoClip.ObjectEnd.TotalSeconds:0.00}s, frames {DemoClip.ObjectStart.TotalSeconds * DemoClip.FramesPerSecond:0}-{(DemoClip.ObjectEnd.TotalSeconds * DemoClip.FramesPerSecond) - 1:0})"));
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Profile saved to {profilePath}");
        return 0;
    }

    /// <summary>The normal clips <paramref name="path"/> names, or null when it is missing or holds none: a clip file; or a folder's
    /// clip files and sub-folders of frames; or, when it holds neither, the folder itself when it holds frames.</summary>
    private static List<Observation>? NormalClips(string path)
    {
        if (File.Exists(path))
        {
            return [VideoObservation.FromFile(path)];
        }

        if (!Directory.Exists(path))
        {
            return null;
        }

        List<Observation> clips = [.. Directory.EnumerateFiles(path)
            .Where(f => Has(ClipExtensions, f))
            .Concat(Directory.EnumerateDirectories(path).Where(HasFrames))
            .Order(StringComparer.Ordinal)
            .Select(VideoObservation.FromFile)];
        return clips.Count > 0 ? clips : HasFrames(path) ? [VideoObservation.FromFile(path)] : null;
    }

    private static bool HasFrames(string folder) => Directory.EnumerateFiles(folder).Any(f => Has(FrameExtensions, f));

    private static bool Has(IReadOnlyList<string> extensions, string file) =>
        extensions.Contains(Path.GetExtension(file).ToLowerInvariant()) && !Path.GetFileName(file).StartsWith('.');

    private static string Problem(string path) =>
        !Directory.Exists(path) ? $"the normal clips '{path}' do not exist."
        : $"the normals folder '{path}' holds no clips ({string.Join(" ", ClipExtensions)}), no sub-folders of frames and no frames.";

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
