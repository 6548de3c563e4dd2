namespace Customizable.Vlm.Reasoning;

/// <summary>Reads the hybrid part of a verdict.</summary>
public static class HybridVerdictExtensions
{
    /// <summary>Returns what a <see cref="HybridReasoner"/> combined into this verdict, or null when another reasoner made it.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>The details, or null.</returns>
    public static HybridVerdictDetails? GetHybridDetails(this AnomalyVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.RawRepresentation as HybridVerdictDetails;
    }
}
