using System.Text.Json.Serialization;

namespace InspectionWorker;

/// <summary>Source-generated JSON for the results file and the health file: camelCase, one line per object.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(InspectionResult))]
[JsonSerializable(typeof(HealthFileContent))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
