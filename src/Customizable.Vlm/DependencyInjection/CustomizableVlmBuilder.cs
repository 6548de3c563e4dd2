namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddCustomizableVlm</c> so that reasoner and encoder
/// registrations chain, e.g. <c>services.AddCustomizableVlm().AddEmbeddedReasoner()</c>.</summary>
public sealed class CustomizableVlmBuilder
{
    internal CustomizableVlmBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection being configured.</summary>
    public IServiceCollection Services { get; }
}
