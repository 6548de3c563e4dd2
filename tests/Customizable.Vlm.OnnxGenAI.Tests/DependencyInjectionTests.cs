using Microsoft.Extensions.DependencyInjection;

namespace Customizable.Vlm.OnnxGenAI.Tests;

public class DependencyInjectionTests
{
    [DummyModelFact]
    public async Task AddGenAIReasoner_registers_one_reasoner_that_the_inspector_uses_and_the_provider_disposes()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm().AddGenAIReasoner(TestModels.Phi3VDummy!, o => o.MaxNewTokens = 12);

        GenAIAnomalyReasoner reasoner;
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            reasoner = provider.GetRequiredService<GenAIAnomalyReasoner>();
            Assert.Same(reasoner, provider.GetRequiredService<IAnomalyReasoner>());
            Assert.Same(reasoner, provider.GetRequiredService<AnomalyInspector>().Reasoner);
            Assert.Equal(12, reasoner.GetService<GenAIReasonerOptions>()!.MaxNewTokens);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(0)));
    }

    [Fact]
    public void Invalid_options_fail_when_the_reasoner_is_created_naming_the_key()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm().AddGenAIReasoner("folder", o => o.MaxNewTokens = 0);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(provider.GetRequiredService<IAnomalyReasoner>);

        Assert.Contains("GenAIReasonerOptions:MaxNewTokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_unkeyed_GenAI_reasoner_is_refused_and_a_keyed_one_is_accepted()
    {
        CustomizableVlmBuilder builder = new ServiceCollection().AddCustomizableVlm().AddGenAIReasoner("folder");

        Assert.Throws<InvalidOperationException>(() => builder.AddGenAIReasoner("other"));
        builder.AddKeyedGenAIReasoner("second", "other");
        Assert.Equal(2, builder.Services.Count(d => d.ServiceType == typeof(IAnomalyReasoner)));
    }
}
