namespace Customizable.Vlm.Evaluation.Tests.RealData;

/// <summary>A fact that is skipped, with the reason, when the shared point-cloud files are not beside the repository.</summary>
public sealed class PointCloudDataFactAttribute : FactAttribute
{
    public PointCloudDataFactAttribute()
    {
        if (SharedData.PointClouds is null)
        {
            Skip = "../shared/data/pointclouds is absent (real data lives beside the repository, never in it).";
        }
    }
}
