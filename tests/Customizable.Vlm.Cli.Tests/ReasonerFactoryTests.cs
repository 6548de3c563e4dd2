namespace Customizable.Vlm.Cli.Tests;

public class ReasonerFactoryTests
{
    [Theory]
    [InlineData("default", "128-component search")]
    [InlineData("default-exact", "exact search")]
    public void Each_accepted_name_creates_the_embedded_reasoner_with_its_search_named(string name, string search)
    {
        (IAnomalyReasoner reasoner, string description) = new ReasonerFactory().Create(name);
        using (reasoner)
        {
            Assert.IsType<Customizable.Vlm.Onnx.FeatureReasoner>(reasoner);
            Assert.Contains(search, description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_name_is_a_usage_error_that_lists_the_accepted_names()
    {
        var error = Assert.Throws<CliUsageException>(() => new ReasonerFactory().Create("gpt"));
        Assert.Contains("default, default-exact", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinned_settings_reach_the_embedded_reasoner_and_its_description()
    {
        (IAnomalyReasoner reasoner, string description) = new ReasonerFactory().Create("default-exact", new ReasonerTuning(-0.5, 1000));
        using (reasoner)
        {
            Assert.IsType<Customizable.Vlm.Onnx.FeatureReasoner>(reasoner);
            Assert.Contains("exact search, threshold margin -0.5, memory bank of at most 1000 patches", description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pinned_settings_for_a_reasoner_that_is_not_the_embedded_one_are_a_usage_error()
    {
        var error = Assert.Throws<CliUsageException>(() => new FakeReasonerFactory().Create("default", new ReasonerTuning(0.5, 10)));

        Assert.Contains("--threshold-margin and --memory-bank-size apply only to the embedded reasoner", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake brightness reasoner", error.Message, StringComparison.Ordinal);
    }
}
