namespace Customizable.Vlm.Tests.Video;

/// <summary>A fact skipped, with the reason, when the Intel sample clips are absent (or, with <see cref="NeedsFfmpeg"/>, ffmpeg is).</summary>
public sealed class IntelVideoFactAttribute : FactAttribute
{
    public IntelVideoFactAttribute(bool needsFfmpeg = true)
    {
        NeedsFfmpeg = needsFfmpeg;
        if (VideoTestData.IntelFolder is null)
        {
            Skip = VideoTestData.NoIntel;
        }
        else if (needsFfmpeg && !VideoTestData.HasFfmpeg)
        {
            Skip = VideoTestData.NoFfmpeg;
        }
    }

    public bool NeedsFfmpeg { get; }
}
