namespace Customizable.Vlm.Evaluation.Tests.RealData;

/// <summary>A fact that is skipped, with the reason, when the UCSD Ped2 frames are not beside the repository.</summary>
public sealed class UcsdDataFactAttribute : FactAttribute
{
    public UcsdDataFactAttribute()
    {
        if (SharedData.Video is null)
        {
            Skip = "../shared/data/video/ucsd_ped2 is absent (real data lives beside the repository, never in it).";
        }
    }
}
