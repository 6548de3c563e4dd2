using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Customizable.Vlm.Cli.Inputs;
using Customizable.Vlm.Cli.Output;

namespace Customizable.Vlm.Cli.Commands;

/// <summary><c>cvlm customize</c>: build an inspection profile from references of good parts (images, point clouds or videos) and save it.</summary>
internal static class CustomizeCommand
{
    public static Command Create(CliContext context)
    {
        var references = new Option<string[]>("--references")
        {
            Description = $"References of good parts, all of one modality: files and/or folders ({InputFiles.ExtensionsText}). In a folder each sub-folder of frames is one clip.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            HelpName = "folder-or-files",
        };
        var className = new Option<string?>("--class") { Description = "What the object is, e.g. 'a rubber tire photographed from above'.", HelpName = "name" };
        var rules = new Option<string?>("--rules")
        {
            Description = "Normality rules: a text file (one rule per line, # comments) or a .json list of {text, id, max_defect_area_fraction, ignore_regions}.",
            HelpName = "file",
        };
        Option<string> reasoner = CommonOptions.Reasoner();
        var tuning = new TuningOptions();
        Option<string?> ffmpeg = InputOptions.Ffmpeg();
        Option<int> motion = InputOptions.Motion();
        var output = new Option<string>("--out") { Description = "The profile file to write (replaced atomically).", Required = true, HelpName = "profile" };

        var command = new Command("customize", "Customize an inspection from references of good parts (images, point clouds or videos) and save it as a profile.")
        {
            references, className, rules, reasoner, ffmpeg, motion, output,
        };
        tuning.AddTo(command, after: reasoner);
        command.SetAction((parse, ct) => CvlmApp.GuardAsync(
            context,
            () => RunAsync(context, parse.GetRequiredValue(references), parse.GetValue(className), parse.GetValue(rules), parse.GetRequiredValue(reasoner), tuning.Read(parse), new VideoInputs(parse.GetValue(ffmpeg), parse.GetValue(motion)), parse.GetRequiredValue(output), ct),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] referencePaths, string? className, string? rulesPath, string reasonerName, ReasonerTuning tuning, VideoInputs video, string output, CancellationToken cancellationToken)
    {
        string profilePath = Path.GetFullPath(output);
        if (Directory.Exists(profilePath))
        {
            throw new CliUsageException($"--out '{profilePath}' is a folder; pass a file name for the profile.");
        }

        List<InputItem> files = await InputArguments.ExpandAsync(referencePaths, "reference", framesAreClip: false, video.Reader(), cancellationToken).ConfigureAwait(false);
        InputArguments.RequireOneModality(files, "reference");
        var spec = new InspectionSpec { ClassContext = string.IsNullOrWhiteSpace(className) ? null : className };
        foreach (NormalityRule rule in rulesPath is null ? [] : RulesFile.Read(rulesPath))
        {
            spec.NormalityRules.Add(rule);
        }

        foreach (InputItem file in files)
        {
            spec.References.Add(file.ToObservation());
        }

        (IAnomalyReasoner reasoner, string description) = context.Reasoners.Create(reasonerName, tuning);
        try
        {
            if (RuleWarnings.ForReasoner(reasoner, [.. spec.NormalityRules]) is { } warning)
            {
                await context.Error.WriteLineAsync($"cvlm: warning: {TerminalText.Line(warning)}").ConfigureAwait(false);
            }

            var inspector = new AnomalyInspector(reasoner, encoders: video.Encoders());
            long started = Stopwatch.GetTimestamp();
            InspectionProfile profile = await inspector.CustomizeAsync(spec, cancellationToken).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Directory.CreateDirectory(Path.GetDirectoryName(profilePath)!);
            await inspector.SaveProfileAsync(profile, profilePath, cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Customized from {files.Count} reference(s) and {spec.NormalityRules.Count} rule(s) in {seconds:0.00} s with the {description}; profile saved to {TerminalText.Line(profilePath)}")).ConfigureAwait(false);
            if (files[0].Modality != ObservationModality.Image)
            {
                await context.Output.WriteLineAsync($"References read as {files.Count} {Noun(files[0].Modality)}: {profile.References.Count} reference view(s).").ConfigureAwait(false);
            }

            if (Output.TuningSummary.Describe(profile) is { } summary)
            {
                await context.Output.WriteLineAsync(summary).ConfigureAwait(false);
            }
        }
        finally
        {
            reasoner.Dispose();
        }

        return ExitCodes.Success;
    }

    private static string Noun(ObservationModality modality) => modality switch
    {
        ObservationModality.PointCloud => "point cloud(s), rendered to views",
        ObservationModality.Video => "video(s), sampled to frames",
        _ => "image(s)",
    };
}
