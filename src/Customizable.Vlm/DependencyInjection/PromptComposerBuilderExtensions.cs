using Customizable.Vlm;
using Customizable.Vlm.Prompting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the prompt composer of a <see cref="CustomizableVlmBuilder"/>.</summary>
public static class PromptComposerBuilderExtensions
{
    /// <summary>Replaces the registered <see cref="IPromptComposer"/> with a <see cref="DefaultPromptComposer"/> using the configured
    /// options (template, layout, image size), e.g. <c>services.AddCustomizableVlm().ConfigurePrompts(o => o.Template = PromptTemplates.Original)</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options; validated here (ranges) and the template's placeholders too, so a bad template fails at startup.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="PromptTemplateException">The configured template names an unknown placeholder.</exception>
    public static CustomizableVlmBuilder ConfigurePrompts(this CustomizableVlmBuilder builder, Action<PromptComposerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PromptComposerOptions();
        configure(options);
        options.Validate();
        DefaultPromptComposer.ValidateTemplate(options.Template);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPromptComposer>(new DefaultPromptComposer(options)));
        return builder;
    }
}
