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
    public void Invalid_options_fail_at_registration()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddCustomizableVlm().AddGenAIReasoner("folder", o => o.MaxNewTokens = 0));
    }
}
