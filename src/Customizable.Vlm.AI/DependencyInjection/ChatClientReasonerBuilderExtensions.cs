using Customizable.Vlm;
using Customizable.Vlm.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ChatClientAnomalyReasoner"/> with a <see cref="CustomizableVlmBuilder"/>, unkeyed or keyed.</summary>
/// <remarks>Options are read through <see cref="IOptionsMonitor{TOptions}"/> when the reasoner is created (the unnamed
/// <see cref="ChatClientReasonerOptions"/> for the unkeyed reasoner, the ones named after the key for a keyed one), so
/// <c>services.Configure&lt;ChatClientReasonerOptions&gt;(...)</c> and configuration sections apply; they are validated when the reasoner
/// is created and at host start, with messages naming the key. A second registration for the same key throws
/// <see cref="InvalidOperationException"/>. The reasoner is registered as <see cref="IAnomalyReasoner"/> and as
/// <see cref="ChatClientAnomalyReasoner"/>, with an <see cref="AnomalyInspector"/>, under the same key and lifetime.</remarks>
public static class ChatClientReasonerBuilderExtensions
{
    /// <summary>
    /// Registers the application's unkeyed <see cref="ChatClientAnomalyReasoner"/> over the <see cref="IChatClient"/> registered in the
    /// container (e.g. by <c>services.AddChatClient(...)</c>), or the keyed one when <paramref name="chatClientKey"/> is given:
    /// <c>services.AddCustomizableVlm().AddChatClientReasoner(o =&gt; o.ModelId = "gpt-4o")</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options (validated at start), or null.</param>
    /// <param name="chatClientKey">The service key of the chat client, or null for the unkeyed one.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered.</exception>
    public static CustomizableVlmBuilder AddChatClientReasoner(this CustomizableVlmBuilder builder, Action<ChatClientReasonerOptions>? configure = null, object? chatClientKey = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, null, configure, null, chatClientKey, lifetime, nameof(AddChatClientReasoner));
    }

    /// <summary>Registers the application's unkeyed <see cref="ChatClientAnomalyReasoner"/> with options bound from a configuration
    /// section (keys such as <c>ModelId</c>, <c>ImageEncoding</c>, <c>MaxRetries</c>, <c>RequestTimeout</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section holding the <see cref="ChatClientReasonerOptions"/> keys.</param>
    /// <param name="chatClientKey">The service key of the chat client, or null for the unkeyed one.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered.</exception>
    public static CustomizableVlmBuilder AddChatClientReasoner(this CustomizableVlmBuilder builder, IConfiguration configuration, object? chatClientKey = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(builder, null, null, configuration, chatClientKey, lifetime, nameof(AddChatClientReasoner));
    }

    /// <summary>Registers a <see cref="ChatClientAnomalyReasoner"/> under <paramref name="serviceKey"/>, with the options named after the
    /// key.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="serviceKey">The reasoner's key.</param>
    /// <param name="configure">Configures the options, or null.</param>
    /// <param name="chatClientKey">The service key of the chat client, or null for the unkeyed one.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">A reasoner is already registered under <paramref name="serviceKey"/>.</exception>
    public static CustomizableVlmBuilder AddKeyedChatClientReasoner(this CustomizableVlmBuilder builder, object serviceKey, Action<ChatClientReasonerOptions>? configure = null, object? chatClientKey = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Add(builder, serviceKey, configure, null, chatClientKey, lifetime, nameof(AddKeyedChatClientReasoner));
    }

    private static CustomizableVlmBuilder Add(CustomizableVlmBuilder builder, object? serviceKey, Action<ChatClientReasonerOptions>? configure, IConfiguration? configuration, object? chatClientKey, ServiceLifetime lifetime, string method)
    {
        string name = ReasonerRegistration.OptionsName(serviceKey);
        ReasonerRegistration.Add(builder.Services, serviceKey, lifetime, (sp, _) => new ChatClientAnomalyReasoner(
            chatClientKey is null ? sp.GetRequiredService<IChatClient>() : sp.GetRequiredKeyedService<IChatClient>(chatClientKey),
            sp.GetRequiredService<IOptionsMonitor<ChatClientReasonerOptions>>().Get(name),
            sp.GetService<ILoggerFactory>()?.CreateLogger<ChatClientAnomalyReasoner>(),
            sp.GetService<TimeProvider>()), method);
        ReasonerRegistration.AddValidatedOptions<ChatClientReasonerOptions>(builder.Services, name, configure, configuration, o => o.Validate());
        return builder;
    }
}
