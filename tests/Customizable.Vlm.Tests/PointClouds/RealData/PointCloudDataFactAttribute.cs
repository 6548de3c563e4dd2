namespace Customizable.Vlm.Tests.PointClouds.RealData;

/// <summary>A fact that is skipped, with the reason, when the shared point-cloud files are not beside the repository.</summary>
public sealed class PointCloudDataFactAttribute : FactAttribute
{
    public PointCloudDataFactAttribute()
    {
        if (SharedPointClouds.Root is null)
        {
            Skip = SharedPointClouds.AbsentReason;
        }
    }
}
