using System.CommandLine;
using System.Globalization;
using Customizable.Vlm.Cli.Inputs;
using Customizable.Vlm.Cli.Output;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli.Commands;

/// <summary><c>cvlm inspect</c>: inspect images, point clouds or videos with a saved profile; a verdict per input, as text or JSON.</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "The profile written by 'cvlm customize'.", Required = true, HelpName = "profile" };
        var files = new Argument<string[]>("files")
        {
            Description = $"Files and/or folders to inspect, of the modality the profile was customized from ({InputFiles.ExtensionsText}). With a video profile a folder of images is one clip.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Write a JSON list of verdicts to standard output instead of text." };
        Option<string?> reasoner = CommonOptions.ReasonerForProfile();
        var tuning = new TuningOptions();
        Option<string?> ffmpeg = InputOptions.Ffmpeg();
        Option<int?> motion = InputOptions.MotionOfProfile();

        var command = new Command("inspect", "Inspect images, point clouds or videos with a saved profile: a verdict per input with score, decision, reasoning and where (regions, 3D points, time segments).")
        {
            profile, files, json, reasoner, ffmpeg, motion,
        };
        tuning.AddTo(command, after: reasoner);
        command.SetAction((parse, ct) => CvlmApp.GuardAsync(
            context,
            () => RunAsync(context, parse.GetRequiredValue(profile), parse.GetRequiredValue(files), parse.GetValue(json), parse.GetValue(reasoner), tuning.Read(parse), parse.GetValue(ffmpeg), parse.GetValue(motion), ct),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string profilePath, string[] paths, bool json, string? reasonerName, ReasonerTuning tuning, string? ffmpeg, int? motion, CancellationToken cancellationToken)
    {
        // The library inspects videos with the motion views the profile records; the given gap serves profiles that do not record it.
        var video = new VideoInputs(ffmpeg, motion ?? 0);
        string fullProfilePath = Path.GetFullPath(profilePath);
        if (!tuning.IsEmpty)
        {
            // A saved profile holds the threshold and memory bank fixed at customization; changing them here would be silent.
            IReadOnlyList<string> options = tuning.OptionNames;
            throw new CliUsageException(
                $"{string.Join(" and ", options)} cannot change a saved profile: the profile '{fullProfilePath}' keeps the threshold, memory bank and feature settings it was customized with. " +
                $"Leave {(options.Count == 1 ? "it" : "them")} out, or customize again with 'cvlm customize --references <good parts> {string.Join(" ", options.Select(o => o + " <value>"))} --out <profile>'.");
        }

        // Inputs are checked before the profile is read (a missing file or a FIFO is reported first); with a video profile they are
        // expanded again so that a folder of images becomes one clip.
        List<InputItem> inputs = await InputArguments.ExpandAsync(paths, "input", framesAreClip: false, video.Reader(), cancellationToken).ConfigureAwait(false);
        (IAnomalyReasoner reasoner, _) = context.Reasoners.Create(reasonerName ?? "default");
        try
        {
            var inspector = new AnomalyInspector(reasoner, encoders: video.Encoders());
            InspectionProfile profile = await inspector.LoadProfileAsync(fullProfilePath, cancellationToken).ConfigureAwait(false);
            CheckReasonerFitsProfile(reasonerName, profile, fullProfilePath);
            CheckMotionFitsProfile(motion, profile, fullProfilePath);
            ObservationModality? kind = ProfileModality(profile);
            if (kind == ObservationModality.Video)
            {
                inputs = await InputArguments.ExpandAsync(paths, "input", framesAreClip: true, video.Reader(), cancellationToken).ConfigureAwait(false);
            }

            CheckInputsFitProfile(inputs, kind, fullProfilePath);
            var verdicts = new List<(string Path, ObservationModality Modality, AnomalyVerdict Verdict, ReadOnlyMemory<int>? FileIndices)>();
            foreach (InputItem input in inputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                AnomalyVerdict verdict = await inspector.InspectAsync(profile, input.ToObservation(), cancellationToken).ConfigureAwait(false);
                ReadOnlyMemory<int>? fileIndices = json && verdict.Regions.Any(r => r.SourceLocation is PointSetLocation { PointIndices.Length: > 0 })
                    ? await FileIndicesAsync(input.Path, cancellationToken).ConfigureAwait(false)
                    : null;
                verdicts.Add((input.Path, input.Modality, verdict, fileIndices));
            }

            await context.Output.WriteAsync(json ? VerdictJson.Write(verdicts) : VerdictText.Write(verdicts.Select(v => (v.Path, v.Verdict)))).ConfigureAwait(false);
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

    /// <summary>Refuses a <c>--motion</c> that contradicts the gap the profile records (its memories were built from other motion views),
    /// and asks for one when the profile holds motion views without recording their gap (saved before profiles recorded it).</summary>
    private static void CheckMotionFitsProfile(int? motion, InspectionProfile profile, string profilePath)
    {
        if (profile.HasUnrecordedMotionViews)
        {
            if (motion is null or 0)
            {
                throw new CliUsageException(
                    $"The profile '{profilePath}' holds motion views of its video references but was saved before profiles recorded their frame gap: " +
                    "pass --motion <gap> with the gap it was customized with, or customize it again (new profiles record the gap).");
            }

            return;
        }

        int kept = profile.MotionViews?.FrameGap ?? 0;
        if (motion is { } given && given != kept)
        {
            string customized = kept == 0 ? "without motion views" : string.Create(CultureInfo.InvariantCulture, $"with --motion {kept}");
            throw new CliUsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"--motion {given} contradicts the profile '{profilePath}', customized {customized}, which a saved profile keeps (its reference memories were built from those views). ") +
                $"Leave --motion out to inspect with the profile's own setting, or customize again with 'cvlm customize --motion {given.ToString(CultureInfo.InvariantCulture)} ...'.");
        }
    }

    /// <summary>The one modality the profile's references had, or null when it has none recorded or several (a profile built through
    /// the library from a mix).</summary>
    private static ObservationModality? ProfileModality(InspectionProfile profile)
    {
        ObservationModality[] kinds = [.. profile.References.Select(r => r.Modality).Distinct()];
        return kinds.Length == 1 ? kinds[0] : null;
    }

    /// <summary>Refuses an input of another modality than the profile's references (the comparison would be meaningless).</summary>
    private static void CheckInputsFitProfile(List<InputItem> inputs, ObservationModality? kind, string profilePath)
    {
        if (kind is not { } expected || inputs.FirstOrDefault(i => i.Modality != expected) is not { } misfit)
        {
            return;
        }

        string plural = expected switch { ObservationModality.PointCloud => "point clouds", ObservationModality.Video => "videos", _ => "images" };
        throw new CliInputException(
            $"'{misfit.Path}' is {misfit.Describe()}, but the profile '{profilePath}' was customized from {plural}: inspect {plural} with it, " +
            $"or customize a profile from references of the same modality ('cvlm customize --references <good {(misfit.Modality == ObservationModality.PointCloud ? "clouds" : misfit.Modality == ObservationModality.Video ? "clips" : "images")}> --out <profile>').");
    }

    /// <summary>For a cloud whose reader dropped points, each kept point's record number in the file; null when none was dropped
    /// (then a point's index is its record number).</summary>
    private static async Task<ReadOnlyMemory<int>?> FileIndicesAsync(string path, CancellationToken cancellationToken)
    {
        PointClouds.PointCloud cloud = await new PointClouds.PointCloudReader().ReadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return cloud.SourceIndices;
    }
}
