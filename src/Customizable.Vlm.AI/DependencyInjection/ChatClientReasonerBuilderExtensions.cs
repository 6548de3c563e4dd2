using Customizable.Vlm;
using Customizable.Vlm.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ChatClientAnomalyReasoner"/> with a <see cref="CustomizableVlmBuilder"/>.</summary>
public static class ChatClientReasonerBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="ChatClientAnomalyReasoner"/> as the <see cref="IAnomalyReasoner"/> singleton, over the
    /// <see cref="IChatClient"/> registered in the container (e.g. by <c>services.AddChatClient(...)</c>), or the keyed one when
    /// <paramref name="chatClientKey"/> is given: <c>services.AddCustomizableVlm().AddChatClientReasoner(o => o.ModelId = "gpt-4o")</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options; validated here, so a bad value fails at startup.</param>
    /// <param name="chatClientKey">The service key of the chat client, or null for the unkeyed one.</param>
    /// <returns>The builder, to chain calls.</returns>
    public static CustomizableVlmBuilder AddChatClientReasoner(this CustomizableVlmBuilder builder, Action<ChatClientReasonerOptions>? configure = null, object? chatClientKey = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ChatClientReasonerOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton<IAnomalyReasoner>(sp => new ChatClientAnomalyReasoner(
            chatClientKey is null ? sp.GetRequiredService<IChatClient>() : sp.GetRequiredKeyedService<IChatClient>(chatClientKey),
            options,
            sp.GetService<ILoggerFactory>()?.CreateLogger<ChatClientAnomalyReasoner>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
