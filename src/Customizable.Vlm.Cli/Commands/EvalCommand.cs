using System.CommandLine;
using Customizable.Vlm.Cli.Output;
using Customizable.Vlm.Evaluation;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Reporting;
using Spectre.Console;

namespace Customizable.Vlm.Cli.Commands;

/// <summary><c>cvlm eval</c>: customize from k training images of a dataset category, inspect every test item, write the metrics.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var dataset = new Option<string>("--dataset") { Description = "The dataset folder holding the category folders (or the category folder, or a JSON manifest).", Required = true, HelpName = "root" };
        var category = new Option<string>("--category") { Description = "The category, e.g. 'bottle' or 'tire' (the manifest's object_type).", Required = true, HelpName = "name" };
        var layout = new Option<string?>("--layout") { Description = "The layout; detected from the folders when absent.", HelpName = string.Join('|', DatasetReader.LayoutNames) };
        layout.AcceptOnlyFromAmong([.. DatasetReader.LayoutNames]);
        var shots = new Option<int?>("--shots")
        {
            Description = "How many normal training images to customize from, chosen reproducibly from the seed; all when absent.",
            HelpName = "k",
            CustomParser = r => CommonOptions.WholeNumber(r, "--shots", minimum: 1, "must be at least 1"),
        };
        var seed = new Option<int>("--seed")
        {
            Description = "The seed that chooses the training images.",
            DefaultValueFactory = _ => 0,
            HelpName = "s",
            CustomParser = r => CommonOptions.WholeNumber(r, "--seed", int.MinValue, string.Empty) ?? 0,
        };
        Option<string> reasoner = CommonOptions.Reasoner();
        var tuning = new TuningOptions();
        var output = new Option<string>("--out") { Description = "The folder for metrics.json, predictions.csv and report.html (created when missing).", Required = true, HelpName = "dir" };
        var resolution = new Option<int>("--pixel-resolution")
        {
            Description = "Longer side in pixels of the grid for pixel metrics; 0 for full resolution.",
            DefaultValueFactory = _ => 256,
            HelpName = "pixels",
            CustomParser = r => CommonOptions.WholeNumber(r, "--pixel-resolution", 0, "must be 0 (full resolution) or at least 8") switch
            {
                int v when v is > 0 and < 8 => Error(r, "--pixel-resolution must be 0 (full resolution) or at least 8."),
                int v => v,
                null => 256,
            },
        };
        var temporal = new Option<int>("--temporal-radius")
        {
            Description = "Video frames (ucsd): also report frame AUROCs after averaging each frame's score with this many evaluated frames on each side within its clip; 0 for none.",
            DefaultValueFactory = _ => 0,
            HelpName = "frames",
            CustomParser = r => CommonOptions.WholeNumber(r, "--temporal-radius", 0, "must be 0 or more") ?? 0,
        };
        Option<string> cloudViews = CloudViewOptions.Views();
        Option<bool> cloudAlign = CloudViewOptions.Align();
        Option<int> cloudNeighbours = CloudViewOptions.Neighbours();
        var motion = new Option<int>("--motion")
        {
            Description = "Video frames (ucsd): also score each frame's motion view, how it differs from the frame this many frames earlier (its own reference memory); 0 for none.",
            DefaultValueFactory = _ => 0,
            HelpName = "gap",
            CustomParser = r => CommonOptions.WholeNumber(r, "--motion", 0, "must be 0 (none) or a frame gap of at least 1") ?? 0,
        };
        var outside = new Option<bool>("--allow-outside-root")
        {
            Description = "Let a manifest name images outside its own folder: absolute paths, '..', or paths relative to a parent folder (the original repository's manifests). Off by default.",
        };

        var command = new Command("eval", "Evaluate a reasoner on one dataset category: customize from k normal training images, inspect every test item, write metrics.json, predictions.csv and report.html.")
        {
            dataset, category, layout, shots, seed, reasoner, output, resolution, outside, temporal, cloudViews, cloudAlign, cloudNeighbours, motion,
        };
        tuning.AddTo(command, after: reasoner);
        command.SetAction((parse, ct) => CvlmApp.GuardAsync(
            context,
            () => RunAsync(
                context,
                new Arguments(parse.GetRequiredValue(dataset), parse.GetRequiredValue(category), parse.GetValue(layout), parse.GetValue(shots), parse.GetValue(seed), parse.GetRequiredValue(reasoner), tuning.Read(parse), parse.GetRequiredValue(output), parse.GetValue(resolution), parse.GetValue(outside)) { TemporalRadius = parse.GetValue(temporal), CloudViews = parse.GetRequiredValue(cloudViews), CloudAlign = parse.GetValue(cloudAlign), CloudNeighbours = parse.GetValue(cloudNeighbours), MotionGap = parse.GetValue(motion) },
                ct),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Arguments a, CancellationToken cancellationToken)
    {
        string outDir = Path.GetFullPath(a.Out);
        if (File.Exists(outDir))
        {
            throw new CliUsageException($"--out '{outDir}' is a file; pass a folder.");
        }

        EvaluationDataset dataset = DatasetReader.Read(
            a.Dataset,
            a.Category,
            a.Layout is null ? null : DatasetReader.ParseLayout(a.Layout),
            new DatasetReaderOptions { AllowPathsOutsideRoot = a.AllowOutsideRoot });
        if (a.Shots > dataset.Train.Count)
        {
            // Checked before anything is printed (the runner checks it too).
            throw new DatasetException(dataset.Root, $"Category '{dataset.Category}' in '{dataset.Root}' has {dataset.Train.Count} normal training images; {a.Shots} shots were requested.", null);
        }

        IAnsiConsole console = ConsoleFactory.Create(context);
        await context.Output.WriteLineAsync(
            $"Evaluating '{TerminalText.Line(dataset.Category)}' ({DatasetReader.GetLayoutName(dataset.Layout)}, {TerminalText.Line(dataset.Root)}): {dataset.NormalCount} normal and {dataset.AnomalousCount} anomalous test items, " +
            $"{a.Shots?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"} of {dataset.Train.Count} training images, seed {a.Seed}.").ConfigureAwait(false);

        (IAnomalyReasoner reasoner, string description) = context.Reasoners.Create(a.Reasoner, a.Tuning);
        try
        {
            IModalityEncoder[] encoders = CloudViewOptions.Encoders(a.CloudViews, a.CloudAlign, a.CloudNeighbours);
            if (a.MotionGap > 0)
            {
                // UCSD frames are inspected as (t - gap, t) pairs: the pair encoder replaces the video encoder.
                encoders = [.. encoders.Select(e => e is Customizable.Vlm.Video.VideoEncoder ? MotionPairs.Encoder() : e)];
            }

            var inspector = new AnomalyInspector(reasoner, encoders: encoders);
            var runner = new EvaluationRunner(inspector, new EvaluationOptions
            {
                Shots = a.Shots,
                Seed = a.Seed,
                ReasonerName = a.Reasoner,
                ReasonerDescription = description,
                PixelResolution = a.PixelResolution,
                TemporalSmoothingRadius = a.TemporalRadius,
                MotionFrameGap = a.MotionGap,
            });
            EvaluationResult result = await EvalProgressView.RunAsync(console, context, progress => runner.RunAsync(dataset, progress, cancellationToken)).ConfigureAwait(false);
            EvaluationOutputFiles files = await EvaluationReport.WriteAllAsync(result, outDir, null, cancellationToken).ConfigureAwait(false);
            SummaryTable.Write(console, result, context.Fancy);
            if (result.Metrics.NormalCount == 0 || result.Metrics.AnomalousCount == 0)
            {
                await context.Output.WriteLineAsync(
                    $"Note: the test set has no {(result.Metrics.NormalCount == 0 ? "normal" : "anomalous")} item, so image AUROC is undefined (n/a) and the other image metrics say little.").ConfigureAwait(false);
            }

            // What customization chose for these references (the embedded reasoner's settings and threshold evidence), as customize prints it.
            if (result.Profile is { } profile && Output.TuningSummary.Describe(profile) is { } summary)
            {
                await context.Output.WriteLineAsync(summary).ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync($"Wrote {TerminalText.Line(files.MetricsPath)}, {TerminalText.Line(files.PredictionsPath)} and {TerminalText.Line(files.ReportPath)}.").ConfigureAwait(false);
        }
        finally
        {
            reasoner.Dispose();
        }

        return ExitCodes.Success;
    }

    private static int Error(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return 0;
    }

    private sealed record Arguments(string Dataset, string Category, string? Layout, int? Shots, int Seed, string Reasoner, ReasonerTuning Tuning, string Out, int PixelResolution, bool AllowOutsideRoot)
    {
        public int TemporalRadius { get; init; }

        public string CloudViews { get; init; } = "fast6";

        public bool CloudAlign { get; init; }

        public int CloudNeighbours { get; init; } = new PointClouds.PointCloudEncoderOptions().NeighbourCount;

        public int MotionGap { get; init; }
    }
}
