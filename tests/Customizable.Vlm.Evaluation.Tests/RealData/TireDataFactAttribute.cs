namespace Customizable.Vlm.Evaluation.Tests.RealData;

/// <summary>A fact that is skipped, with the reason, when the MVTec 3D-AD tire data is not beside the repository.</summary>
public sealed class TireDataFactAttribute : FactAttribute
{
    public TireDataFactAttribute()
    {
        if (SharedData.Mvtec3d is null)
        {
            Skip = "../shared/data/mvtec_3d_ad/tire is absent (real data lives beside the repository, never in it).";
        }
    }
}
