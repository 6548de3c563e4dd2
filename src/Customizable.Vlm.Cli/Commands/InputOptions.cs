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
}
