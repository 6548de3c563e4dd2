namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>The fields <c>metrics.json</c> always has (its documented contract), checked by the writer's and the CLI's tests.</summary>
internal static class MetricsJsonFields
{
    public static readonly string[] Required =
    [
        "category", "shots", "seed", "reasoner", "n_normal", "n_anomalous", "image_auroc", "image_aupr", "f1_max", "accuracy",
        "pixel_auroc", "au_pro", "ms_per_image", "customize_seconds", "per_defect_type",
    ];
}
