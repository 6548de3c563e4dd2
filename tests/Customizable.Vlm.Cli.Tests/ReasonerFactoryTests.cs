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
}
