using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Customizable.Vlm.Cli.Output;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Metrics;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli.Commands;

/// <summary><c>cvlm outliers</c>: with no known-good references, score a batch of unlabelled images against each other and list the
/// outliers (<see cref="FeatureReasoner.ScoreMutuallyAsync"/>); on a dataset's test split, also measure the ranking against its labels.</summary>
internal static class OutliersCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = $"Image files and/or folders of images of the same kind of part ({ImageArguments.ExtensionsText}); at least 3.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataset = new Option<string?>("--dataset") { Description = "Instead of files: a dataset folder whose category's test split is scored, and the ranking measured against its labels.", HelpName = "root" };
        var category = new Option<string?>("--category") { Description = "The dataset category (with --dataset).", HelpName = "name" };
        var comparisons = new Option<int?>("--comparisons")
        {
            Description = "How many other images each image is compared with; 0 for all (default 64).",
            HelpName = "n",
            CustomParser = r => CommonOptions.WholeNumber(r, "--comparisons", 0, "must be 0 (all) or a positive number"),
        };
        var fraction = new Option<double?>("--neighbour-fraction")
        {
            Description = "Fraction of the compared images whose closest patches count (default 0.3): a defect on fewer parts than this stands out.",
            HelpName = "f",
            CustomParser = r => CommonOptions.FiniteNumber(r, "--neighbour-fraction"),
        };
        var threshold = new Option<double?>("--outlier-threshold")
        {
            Description = "Robust standard deviations above the batch's median that make an outlier (default 3.5).",
            HelpName = "z",
            CustomParser = r => CommonOptions.FiniteNumber(r, "--outlier-threshold"),
        };
        var json = new Option<bool>("--json") { Description = "Write JSON to standard output instead of text." };
        Option<string> reasoner = CommonOptions.Reasoner();

        var command = new Command("outliers", "Without references: score images of the same part against each other and list the outliers (most parts assumed normal).")
        {
            files, dataset, category, comparisons, fraction, threshold, json, reasoner,
        };
        command.SetAction((parse, ct) => CvlmApp.GuardAsync(
            context,
            () =>
            {
                var options = new MutualScoringOptions();
                options.MaxComparisons = parse.GetValue(comparisons) ?? options.MaxComparisons;
                options.NeighbourFraction = parse.GetValue(fraction) ?? options.NeighbourFraction;
                options.OutlierThreshold = parse.GetValue(threshold) ?? options.OutlierThreshold;
                return RunAsync(context, parse.GetValue(files) ?? [], parse.GetValue(dataset), parse.GetValue(category), options, parse.GetValue(json), parse.GetRequiredValue(reasoner), ct);
            },
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] paths, string? datasetPath, string? categoryName, MutualScoringOptions options, bool json, string reasonerName, CancellationToken cancellationToken)
    {
        if (options.NeighbourFraction is <= 0 or > 1)
        {
            throw new CliUsageException("--neighbour-fraction must be greater than 0 and at most 1.");
        }

        (List<string> images, List<bool>? labels) = Collect(paths, datasetPath, categoryName);
        if (images.Count < 3)
        {
            throw new CliUsageException($"Scoring parts against each other needs at least 3 images; got {images.Count}.");
        }

        (IAnomalyReasoner reasoner, string description) = context.Reasoners.Create(reasonerName);
        try
        {
            if (reasoner.GetService(typeof(FeatureReasoner)) is not FeatureReasoner embedded)
            {
                throw new CliUsageException($"The {description} cannot score without references; only the embedded reasoner can.");
            }

            var loader = new ImageLoader();
            var frames = new List<RawFrame>(images.Count);
            foreach (string image in images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                frames.Add(await loader.LoadAsync(image, cancellationToken).ConfigureAwait(false));
            }

            MutualScoringResult result = await embedded.ScoreMutuallyAsync(frames, options, cancellationToken).ConfigureAwait(false);
            double? auroc = labels is null ? null : BinaryClassificationMetrics.Auroc([.. result.Scores.Select(s => s.RawScore)], labels);
            string report = json ? Json(images, labels, result, auroc) : Text(images, labels, result, auroc, options, description);
            await context.Output.WriteAsync(report).ConfigureAwait(false);
            await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (reasoner as IDisposable)?.Dispose();
        }

        return ExitCodes.Success;
    }

    private static (List<string> Images, List<bool>? Labels) Collect(string[] paths, string? datasetPath, string? categoryName)
    {
        if (datasetPath is null)
        {
            if (categoryName is not null)
            {
                throw new CliUsageException("--category needs --dataset.");
            }

            if (paths.Length == 0)
            {
                throw new CliUsageException("Name the images to score (files or folders), or a --dataset and --category.");
            }

            return (ImageArguments.Expand(paths, "image"), null);
        }

        if (paths.Length > 0 || categoryName is null)
        {
            throw new CliUsageException(paths.Length > 0 ? "Pass either files or --dataset, not both." : "--dataset needs --category.");
        }

        EvaluationDataset data = DatasetReader.Read(datasetPath, categoryName);
        var items = data.Test.Where(t => DatasetFiles.IsImage(t.ImagePath)).ToList();
        return ([.. items.Select(t => t.ImagePath)], [.. items.Select(t => t.IsAnomalous)]);
    }

    private static string Text(List<string> images, List<bool>? labels, MutualScoringResult result, double? auroc, MutualScoringOptions options, string description)
    {
        var text = new StringBuilder();
        int outliers = result.Scores.Count(s => s.IsOutlier);
        text.Append(CultureInfo.InvariantCulture, $"Scored {images.Count} images against each other ({result.ComparisonsPerImage} comparisons each) in {result.Elapsed.TotalSeconds:0.0} s with the {description}.\n");
        text.Append(CultureInfo.InvariantCulture, $"{outliers} outlier(s): at least {options.OutlierThreshold:0.##} robust standard deviations above the median (median {result.MedianRawScore:0.000}, spread {result.RobustSpread:0.000}).\n");
        if (labels is not null)
        {
            int anomalous = labels.Count(l => l);
            text.Append(CultureInfo.InvariantCulture, $"Against the dataset's labels ({anomalous} anomalous, {labels.Count - anomalous} normal): image AUROC {(auroc is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")}; outliers flagged {result.Scores.Count(s => s.IsOutlier && labels[s.Index])} anomalous and {result.Scores.Count(s => s.IsOutlier && !labels[s.Index])} normal.\n");
        }

        foreach (MutualScore s in result.Scores.OrderByDescending(s => s.RawScore))
        {
            string label = labels is null ? string.Empty : labels[s.Index] ? "  [labelled anomalous]" : "  [labelled normal]";
            text.Append(CultureInfo.InvariantCulture, $"{(s.IsOutlier ? "OUTLIER" : "       ")}  score {s.Score:0.000}  z {s.RobustZ,6:0.00}  {TerminalText.Line(images[s.Index])}{label}\n");
        }

        return text.ToString();
    }

    private static string Json(List<string> images, List<bool>? labels, MutualScoringResult result, double? auroc)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("images", images.Count);
            json.WriteNumber("comparisons_per_image", result.ComparisonsPerImage);
            json.WriteNumber("median_raw_score", result.MedianRawScore);
            json.WriteNumber("robust_spread", result.RobustSpread);
            json.WriteNumber("seconds", result.Elapsed.TotalSeconds);
            if (auroc is { } a)
            {
                json.WriteNumber("image_auroc", a);
            }

            json.WriteStartArray("scores");
            foreach (MutualScore s in result.Scores)
            {
                json.WriteStartObject();
                json.WriteString("path", images[s.Index]);
                json.WriteNumber("score", s.Score);
                json.WriteNumber("raw_score", s.RawScore);
                json.WriteNumber("robust_z", s.RobustZ);
                json.WriteBoolean("is_outlier", s.IsOutlier);
                if (labels is not null)
                {
                    json.WriteBoolean("labelled_anomalous", labels[s.Index]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }
}
