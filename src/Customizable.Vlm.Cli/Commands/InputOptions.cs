using System.CommandLine;

namespace Customizable.Vlm.Cli.Commands;

/// <summary>Options about reading inputs, shared by <c>customize</c> and <c>inspect</c>.</summary>
internal static class InputOptions
{
    /// <summary><c>--ffmpeg &lt;path&gt;</c>: the ffmpeg executable for video files; null to search PATH.</summary>
    public static Option<string?> Ffmpeg() => new("--ffmpeg")
    {
        Description = "The ffmpeg executable used to decode video files (ffprobe is looked for beside it, then on PATH); absent: both are searched on PATH. GIFs and folders of frames need no ffmpeg.",
        HelpName = "path",
    };

    /// <summary><c>--motion &lt;gap&gt;</c>: motion views of video frames (<see cref="Video.VideoEncoderOptions.MotionFrameGap"/>); 0 for none.</summary>
    public static Option<int> Motion() => new("--motion")
    {
        Description = "Videos: also score each sampled frame's motion view, how it differs from the frame this many frames earlier (its own reference memory); 0 for none. Customize and inspect with the same value.",
        DefaultValueFactory = _ => 0,
        HelpName = "gap",
        CustomParser = r => CommonOptions.WholeNumber(r, "--motion", 0, "must be 0 (none) or a frame gap of at least 1") ?? 0,
    };

    /// <summary><c>--motion &lt;gap&gt;</c> of <c>inspect</c>: null when absent (the profile's gap is used); a value that contradicts the
    /// profile is refused.</summary>
    public static Option<int?> MotionOfProfile() => new("--motion")
    {
        Description = "Videos: the motion-view frame gap the profile was customized with (absent: the gap the profile records; a different value is refused). Needed only for profiles saved before profiles recorded it.",
        HelpName = "gap",
        CustomParser = r => CommonOptions.WholeNumber(r, "--motion", 0, "must be 0 (none) or a frame gap of at least 1"),
    };
}
