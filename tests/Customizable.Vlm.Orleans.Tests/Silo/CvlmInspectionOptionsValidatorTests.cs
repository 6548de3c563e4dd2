using Customizable.Vlm.Orleans.Silo;

namespace Customizable.Vlm.Orleans.Tests.Silo;

public sealed class CvlmInspectionOptionsValidatorTests
{
    [Fact]
    public void Default_options_are_valid()
    {
        Assert.True(new CvlmInspectionOptionsValidator(null).Validate(null, new CvlmInspectionOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(CvlmInspectionOptions.MaxConcurrentInspections))]
    [InlineData(nameof(CvlmInspectionOptions.AdmissionTimeout))]
    [InlineData(nameof(CvlmInspectionOptions.MaxLocalWorkers))]
    [InlineData(nameof(CvlmInspectionOptions.ProfileKeepAlive))]
    [InlineData(nameof(CvlmInspectionOptions.ProfileFileExtension))]
    public void An_invalid_value_fails_with_a_message_naming_the_configuration_key(string key)
    {
        var options = new CvlmInspectionOptions();
        switch (key)
        {
            case nameof(CvlmInspectionOptions.MaxConcurrentInspections): options.MaxConcurrentInspections = 0; break;
            case nameof(CvlmInspectionOptions.AdmissionTimeout): options.AdmissionTimeout = TimeSpan.FromHours(1); break;
            case nameof(CvlmInspectionOptions.MaxLocalWorkers): options.MaxLocalWorkers = -1; break;
            case nameof(CvlmInspectionOptions.ProfileKeepAlive): options.ProfileKeepAlive = TimeSpan.Zero; break;
            default: options.ProfileFileExtension = "cvlm"; break;
        }

        var result = new CvlmInspectionOptionsValidator("Cvlm:Orleans").Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"'Cvlm:Orleans:{key}'", result.FailureMessage, StringComparison.Ordinal);
    }
}
