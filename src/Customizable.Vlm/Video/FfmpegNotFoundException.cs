namespace Customizable.Vlm.Video;

/// <summary>The ffmpeg or ffprobe executable needed to decode a video file was not found (not on PATH, or not at the configured path).</summary>
/// <remarks>The message says how to install ffmpeg. GIF, TIFF, image-sequence folders and in-memory frames never need ffmpeg.</remarks>
public class FfmpegNotFoundException : CustomizableVlmException
{
    /// <summary>How to install ffmpeg, appended to every message.</summary>
    internal const string InstallHint =
        "Install ffmpeg (it provides ffmpeg and ffprobe): Debian/Ubuntu 'apt-get install ffmpeg', macOS 'brew install ffmpeg', " +
        "Windows 'winget install ffmpeg'; or set VideoDecodeOptions.FfmpegPath and FfprobePath to the executables.";

    /// <summary>Initializes a new instance with a default message.</summary>
    public FfmpegNotFoundException()
        : base("ffmpeg was not found. " + InstallHint)
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public FfmpegNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public FfmpegNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the tool and where it was looked for.</summary>
    /// <param name="tool">The executable's name (<c>ffmpeg</c> or <c>ffprobe</c>).</param>
    /// <param name="lookedAt">The configured path, or null when PATH was searched.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public FfmpegNotFoundException(string tool, string? lookedAt, Exception? innerException)
        : base((lookedAt is null ? $"{tool} was not found on PATH. " : $"{tool} was not found at '{lookedAt}'. ") + InstallHint, innerException)
    {
        Tool = tool;
        LookedAt = lookedAt;
    }

    /// <summary>Gets the executable's name, if known.</summary>
    public string? Tool { get; }

    /// <summary>Gets the configured path that was tried, or null when PATH was searched.</summary>
    public string? LookedAt { get; }
}
