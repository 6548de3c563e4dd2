namespace Customizable.Vlm.Cli;

/// <summary>The process exit codes of <c>cvlm</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug, an I/O failure while writing, an exhausted machine).</summary>
    public const int UnexpectedFailure = 1;

    /// <summary>Bad usage: unknown command or option, missing or invalid value.</summary>
    public const int BadUsage = 2;

    /// <summary>Bad input data: a dataset, image, profile or rules file that is missing, unreadable or malformed.</summary>
    public const int BadInput = 3;

    /// <summary>A tool the input needs is missing: ffmpeg/ffprobe for a video file (not on PATH, or not at <c>--ffmpeg</c>).</summary>
    public const int MissingTool = 4;

    /// <summary>Cancelled by the user (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
