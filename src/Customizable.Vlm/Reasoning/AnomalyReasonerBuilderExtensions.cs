namespace Customizable.Vlm;

/// <summary>Starts a reasoner pipeline from a reasoner.</summary>
public static class AnomalyReasonerBuilderExtensions
{
    /// <summary>Creates an <see cref="AnomalyReasonerBuilder"/> whose innermost reasoner is <paramref name="innerReasoner"/>.</summary>
    /// <param name="innerReasoner">The reasoner to wrap.</param>
    /// <returns>The builder.</returns>
    public static AnomalyReasonerBuilder AsBuilder(this IAnomalyReasoner innerReasoner)
    {
        ArgumentNullException.ThrowIfNull(innerReasoner);
        return new AnomalyReasonerBuilder(innerReasoner);
    }
}
