namespace Customizable.Vlm.Tests.Video;

/// <summary>A fact skipped, with the reason, when ffmpeg/ffprobe are not installed.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!VideoTestData.HasFfmpeg)
        {
            Skip = VideoTestData.NoFfmpeg;
        }
    }
}
