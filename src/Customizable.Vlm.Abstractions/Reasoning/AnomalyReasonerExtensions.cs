namespace Customizable.Vlm;

/// <summary>Convenience members for <see cref="IAnomalyReasoner"/>.</summary>
public static class AnomalyReasonerExtensions
{
    /// <summary>Asks the reasoner for an object of type <typeparamref name="TService"/>.</summary>
    /// <typeparam name="TService">The type wanted.</typeparam>
    /// <param name="reasoner">The reasoner.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <returns>The object, or null.</returns>
    public static TService? GetService<TService>(this IAnomalyReasoner reasoner, object? serviceKey = null) =>
        Throw.IfNull(reasoner).GetService(typeof(TService), serviceKey) is TService service ? service : default;
}
