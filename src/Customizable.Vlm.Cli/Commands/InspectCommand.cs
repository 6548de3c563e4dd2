using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli.Commands;

/// <summary><c>cvlm inspect</c>: inspect image files with a saved profile; a verdict per file, as text or JSON.</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "The profile written by 'cvlm customize'.", Required = true, HelpName = "profile" };
        var files = new Argument<string[]>("files") { Description = $"Image files and/or folders of images to inspect ({ImageArguments.ExtensionsText}).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Write a JSON list of verdicts to standard output instead of text." };
        Option<string?> reasoner = CommonOptions.ReasonerForProfile();
        Option<double?> margin = CommonOptions.ThresholdMargin();
        Option<int?> bank = CommonOptions.MemoryBankSize();
        Option<int?> selfTuning = CommonOptions.SelfTuning();

        var command = new Command("inspect", "Inspect images with a saved profile: a verdict per file with score, decision, reasoning and regions.")
        {
            profile, files, json, reasoner, margin, bank, selfTuning,
        };
        command.SetAction((parse, ct) => CvlmApp.GuardAsync(
            context,
            () => RunAsync(context, parse.GetRequiredValue(profile), parse.GetRequiredValue(files), parse.GetValue(json), parse.GetValue(reasoner), new ReasonerTuning(parse.GetValue(margin), parse.GetValue(bank), parse.GetValue(selfTuning)), ct),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string profilePath, string[] paths, bool json, string? reasonerName, ReasonerTuning tuning, CancellationToken cancellationToken)
    {
        string fullProfilePath = Path.GetFullPath(profilePath);
        if (!tuning.IsEmpty)
        {
            // A saved profile holds the threshold and memory bank fixed at customization; changing them here would be silent.
            IReadOnlyList<string> options = tuning.OptionNames;
            throw new CliUsageException(
                $"{string.Join(" and ", options)} cannot change a saved profile: the profile '{fullProfilePath}' keeps the threshold, memory bank and feature settings it was customized with. " +
                $"Leave {(options.Count == 1 ? "it" : "them")} out, or customize again with 'cvlm customize --references <good parts> {string.Join(" ", options.Select(o => o + " <value>"))} --out <profile>'.");
        }

        List<string> images = ImageArguments.Expand(paths, "image");
        (IAnomalyReasoner reasoner, _) = context.Reasoners.Create(reasonerName ?? "default");
        try
        {
            var inspector = new AnomalyInspector(reasoner);
            InspectionProfile profile = await inspector.LoadProfileAsync(fullProfilePath, cancellationToken).ConfigureAwait(false);
            CheckReasonerFitsProfile(reasonerName, profile, fullProfilePath);
            var verdicts = new List<(string Path, AnomalyVerdict Verdict)>();
            foreach (string image in images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                verdicts.Add((image, await inspector.InspectAsync(profile, ImageObservation.FromFile(image), cancellationToken).ConfigureAwait(false)));
            }

            await context.Output.WriteAsync(json ? Json(verdicts) : Text(verdicts)).ConfigureAwait(false);
            await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            reasoner.Dispose();
        }

        return ExitCodes.Success;
    }

    /// <summary>Refuses a <c>--reasoner</c> whose search differs from the one the profile keeps (it would silently do nothing).</summary>
    private static void CheckReasonerFitsProfile(string? reasonerName, InspectionProfile profile, string profilePath)
    {
        if (reasonerName is null || profile.ReferenceModel is not FeatureReferenceModel model)
        {
            return;
        }

        bool profileExact = model.SearchDimensions >= model.FeatureDimensions;
        if (profileExact == ReasonerFactory.IsExactSearch(reasonerName))
        {
            return;
        }

        string kept = profileExact
            ? "exact search over all feature dimensions"
            : string.Create(CultureInfo.InvariantCulture, $"search over {model.SearchDimensions - 1} projected components");
        string wanted = profileExact ? "projected search" : "exact search";
        throw new CliUsageException(
            $"--reasoner {reasonerName} asks for {wanted}, but the profile '{profilePath}' was customized with {kept}, which a saved profile keeps. " +
            $"Leave --reasoner out to inspect with the profile's own search, or customize again with 'cvlm customize --reasoner {reasonerName} ...'.");
    }

    private static string Text(List<(string Path, AnomalyVerdict Verdict)> verdicts)
    {
        var text = new StringBuilder();
        foreach ((string path, AnomalyVerdict v) in verdicts)
        {
            string decision = v.IsAnomalous switch { true => "ANOMALOUS", false => "normal", null => "unknown" };
            text.Append(CultureInfo.InvariantCulture, $"{path}: {decision}  score {v.Score:0.000}\n");
            text.Append(CultureInfo.InvariantCulture, $"  {v.Reasoning}\n");
            int n = 1;
            foreach (AnomalyRegion r in v.Regions)
            {
                text.Append(CultureInfo.InvariantCulture, $"  region {n++}: x={r.Box.X} y={r.Box.Y} w={r.Box.Width} h={r.Box.Height} (image pixels)");
                text.Append(r.Score is { } s ? string.Create(CultureInfo.InvariantCulture, $", score {s:0.000}") : string.Empty);
                text.Append(r.Description is { } d ? $", {d}" : string.Empty).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Json(List<(string Path, AnomalyVerdict Verdict)> verdicts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach ((string path, AnomalyVerdict v) in verdicts)
            {
                json.WriteStartObject();
                json.WriteString("path", path);
                if (v.IsAnomalous is { } anomalous)
                {
                    json.WriteBoolean("is_anomalous", anomalous);
                }
                else
                {
                    json.WriteNull("is_anomalous");
                }

                json.WriteNumber("score", v.Score);
                json.WriteString("status", v.Status.ToString().ToLowerInvariant());
                json.WriteString("reasoning", v.Reasoning);
                json.WriteString("defect_type", v.DefectType);
                json.WriteString("model_id", v.ModelId);
                json.WriteStartArray("regions");
                foreach (AnomalyRegion r in v.Regions)
                {
                    json.WriteStartObject();
                    json.WriteNumber("x", r.Box.X);
                    json.WriteNumber("y", r.Box.Y);
                    json.WriteNumber("width", r.Box.Width);
                    json.WriteNumber("height", r.Box.Height);
                    Number(json, "score", r.Score);
                    Number(json, "area_fraction", r.AreaFraction);
                    json.WriteString("description", r.Description);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
