using System.Text.Json.Serialization;

namespace InspectionWorker;

/// <summary>One line of the results file: the verdict on one image, or why it could not be inspected.</summary>
/// <param name="File">The image's path relative to the input folder, '/'-separated.</param>
/// <param name="Profile">The profile it was inspected with, or null when none applied.</param>
/// <param name="Anomalous">True when anomalous, false when normal, null when undecided or failed.</param>
/// <param name="Score">The anomaly score in [0, 1] (0.5 is the profile's threshold for the embedded reasoner), or null when failed.</param>
/// <param name="Regions">The located regions, in pixels of the image (origin top-left).</param>
/// <param name="ElapsedMs">Milliseconds from taking the image off the queue to its verdict (reading, decoding and reasoning).</param>
/// <param name="Utc">When the verdict was made, UTC.</param>
/// <param name="Error">Why the image was moved to the failed folder, or null.</param>
public sealed record InspectionResult(
    string File,
    string? Profile,
    bool? Anomalous,
    double? Score,
    IReadOnlyList<ResultRegion> Regions,
    double ElapsedMs,
    DateTimeOffset Utc,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
