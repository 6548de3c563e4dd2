namespace Customizable.Vlm.Tests.PointClouds.RealData;

/// <summary>A theory that is skipped, with the reason, when the shared point-cloud files are not beside the repository.</summary>
public sealed class PointCloudDataTheoryAttribute : TheoryAttribute
{
    public PointCloudDataTheoryAttribute()
    {
        if (SharedPointClouds.Root is null)
        {
            Skip = SharedPointClouds.AbsentReason;
        }
    }
}
