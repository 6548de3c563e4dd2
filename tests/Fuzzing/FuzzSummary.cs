using System.Globalization;

namespace Customizable.Vlm.Testing.Fuzzing;

/// <summary>What one fuzz target did: inputs that gave a result, inputs refused with a documented exception (by type), the
/// slowest input and the largest allocation.</summary>
internal sealed class FuzzSummary(string target)
{
    private readonly SortedDictionary<string, int> _refusals = new(StringComparer.Ordinal);

    public string Target { get; } = target;

    public int Results { get; set; }

    public int Refused { get; set; }

    public int Inputs => Results + Refused;

    public TimeSpan WorstTime { get; set; }

    public long WorstBytes { get; set; }

    public TimeSpan Total { get; set; }

    public IReadOnlyDictionary<string, int> Refusals => _refusals;

    public void Count(string exceptionType) => _refusals[exceptionType] = _refusals.GetValueOrDefault(exceptionType) + 1;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Target}: {Inputs} inputs in {Total.TotalSeconds:F1} s; {Results} results, {Refused} refused ({string.Join(", ", _refusals.Select(r => $"{r.Key} {r.Value}"))}); slowest {WorstTime.TotalMilliseconds:F1} ms, most allocated {WorstBytes / 1024.0:F0} KiB");
}
