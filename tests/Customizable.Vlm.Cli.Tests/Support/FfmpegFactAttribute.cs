using Customizable.Vlm.Video;

namespace Customizable.Vlm.Cli.Tests.Support;

/// <summary>A fact skipped, with the reason, when ffmpeg/ffprobe are not installed.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!new VideoFrameReader().IsFfmpegAvailable)
        {
            Skip = "ffmpeg/ffprobe are not on PATH (install ffmpeg, e.g. 'apt-get install ffmpeg'; .ci/run does).";
        }
    }
}
