namespace Customizable.Vlm.Tests.Video;

/// <summary>A fact skipped, with the reason, when the UCSD Ped2 frames are not beside the repository.</summary>
public sealed class UcsdPed2FactAttribute : FactAttribute
{
    public UcsdPed2FactAttribute()
    {
        if (VideoTestData.UcsdPed2Folder is null)
        {
            Skip = "../shared/data/video/ucsd_ped2 is absent (real data lives beside the repository, never in it).";
        }
    }
}
