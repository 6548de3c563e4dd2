using System.Globalization;
using Customizable.Vlm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The registration rules every <c>Add*Reasoner</c> method follows (shared by the reasoner packages): options through the
/// options pattern with start-up validation, one reasoner per key (a second registration for the same key throws), and an
/// <see cref="AnomalyInspector"/> over each registered reasoner with the reasoner's lifetime.</summary>
internal static class ReasonerRegistration
{
    /// <summary>The options name used for a service key: the key itself when it is a string, its invariant text otherwise, and
    /// the empty string for the unkeyed registration.</summary>
    /// <param name="serviceKey">The service key, or null.</param>
    /// <returns>The options name.</returns>
    public static string OptionsName(object? serviceKey) =>
        serviceKey is null ? string.Empty : serviceKey as string ?? Convert.ToString(serviceKey, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Registers the named options: <paramref name="configure"/> and/or <paramref name="configuration"/> applied, validated by
    /// <paramref name="validate"/> when first read and at host start (<c>ValidateOnStart</c>), failures naming the configuration key.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The options name.</param>
    /// <param name="configure">Configures the options, or null.</param>
    /// <param name="configuration">A configuration section to bind, or null.</param>
    /// <param name="validate">The options class's validation (throws <see cref="ArgumentException"/>).</param>
    public static void AddValidatedOptions<TOptions>(IServiceCollection services, string name, Action<TOptions>? configure, IConfiguration? configuration, Action<TOptions> validate)
        where TOptions : class
    {
        OptionsBuilder<TOptions> options = services.AddOptions<TOptions>(name);
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        string? keyPrefix = (configuration as IConfigurationSection)?.Path;
        services.AddSingleton<IValidateOptions<TOptions>>(new OptionsKeyValidator<TOptions>(name, keyPrefix, validate));
    }

    /// <summary>Registers a reasoner as itself and as <see cref="IAnomalyReasoner"/>, keyed by <paramref name="serviceKey"/> when it is
    /// not null, with an <see cref="AnomalyInspector"/> over it of the same lifetime.</summary>
    /// <typeparam name="TReasoner">The concrete reasoner type.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, or null for the application's unkeyed reasoner.</param>
    /// <param name="lifetime">The lifetime of the reasoner and its inspector.</param>
    /// <param name="factory">Creates the reasoner from the provider and the key.</param>
    /// <param name="method">The registering method's name, for the error message.</param>
    /// <exception cref="InvalidOperationException">A reasoner is already registered for the key.</exception>
    public static void Add<TReasoner>(IServiceCollection services, object? serviceKey, ServiceLifetime lifetime, Func<IServiceProvider, object?, TReasoner> factory, string method)
        where TReasoner : class, IAnomalyReasoner
    {
        ThrowIfRegistered(services, serviceKey, method);
        if (serviceKey is null)
        {
            services.Add(new ServiceDescriptor(typeof(TReasoner), sp => factory(sp, null), lifetime));
            if (typeof(TReasoner) != typeof(IAnomalyReasoner))
            {
                services.Add(new ServiceDescriptor(typeof(IAnomalyReasoner), sp => sp.GetRequiredService<TReasoner>(), lifetime));
            }

            // The inspector shares the reasoner's lifetime, so a scoped or transient reasoner is never captured by a singleton.
            if (lifetime != ServiceLifetime.Singleton)
            {
                services.Replace(new ServiceDescriptor(typeof(AnomalyInspector), sp => CreateInspector(sp, sp.GetRequiredService<IAnomalyReasoner>()), lifetime));
            }

            return;
        }

        services.Add(new ServiceDescriptor(typeof(TReasoner), serviceKey, (sp, key) => factory(sp, key), lifetime));
        if (typeof(TReasoner) != typeof(IAnomalyReasoner))
        {
            services.Add(new ServiceDescriptor(typeof(IAnomalyReasoner), serviceKey, (sp, key) => sp.GetRequiredKeyedService<TReasoner>(key), lifetime));
        }

        services.Add(new ServiceDescriptor(typeof(AnomalyInspector), serviceKey, (sp, key) => CreateInspector(sp, sp.GetRequiredKeyedService<IAnomalyReasoner>(key)), lifetime));
    }

    /// <summary>Creates an inspector over <paramref name="reasoner"/> from the registered options, encoders, composer, logging, clock
    /// and meter factory.</summary>
    /// <param name="services">The provider.</param>
    /// <param name="reasoner">The reasoner.</param>
    /// <returns>The inspector.</returns>
    public static AnomalyInspector CreateInspector(IServiceProvider services, IAnomalyReasoner reasoner) => new(
        reasoner,
        services.GetService<IOptions<AnomalyInspectorOptions>>()?.Value,
        services.GetServices<IModalityEncoder>(),
        services.GetService<IPromptComposer>(),
        services.GetService<ILoggerFactory>()?.CreateLogger<AnomalyInspector>(),
        services.GetService<TimeProvider>(),
        services.GetService<System.Diagnostics.Metrics.IMeterFactory>());

    private static void ThrowIfRegistered(IServiceCollection services, object? serviceKey, string method)
    {
        ServiceDescriptor? existing = services.FirstOrDefault(d => d.ServiceType == typeof(IAnomalyReasoner) && Equals(d.ServiceKey, serviceKey));
        if (existing is null)
        {
            return;
        }

        string which = serviceKey is null ? "An IAnomalyReasoner is already registered" : $"An IAnomalyReasoner with key '{serviceKey}' is already registered";
        string how = serviceKey is null
            ? "Register further reasoners under a key (AddKeyed...Reasoner(key, ...)), or remove the first with services.RemoveAll<IAnomalyReasoner>() before replacing it."
            : "Use another key, or remove the first registration before replacing it.";
        throw new InvalidOperationException($"{which} ({Describe(existing)}), so {method} would not take effect. {how}");
    }

    private static string Describe(ServiceDescriptor descriptor)
    {
        Type? type = descriptor.IsKeyedService
            ? descriptor.KeyedImplementationType ?? descriptor.KeyedImplementationInstance?.GetType()
            : descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType();
        return type is null ? $"by a factory, {descriptor.Lifetime}" : $"{type.Name}, {descriptor.Lifetime}";
    }
}
