namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>The fields <c>metrics.json</c> always has (its documented contract), checked by the writer's and the CLI's tests.</summary>
internal static class MetricsJsonFields
{
    public static readonly string[] Required =
    [
        "category", "shots", "seed", "reasoner", "n_normal", "n_anomalous", "image_auroc", "image_aupr", "f1_max", "f1_trivial",
        "f1_max_is_trivial", "f1_decision", "f1_decision_to_max_ratio", "accuracy", "pixel_auroc", "au_pro", "hit_rate", "n_hit_rate", "ms_per_image", "customize_seconds", "per_defect_type",
    ];
}
