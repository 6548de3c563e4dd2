using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Orleans.Silo;

/// <summary>Validates <see cref="CvlmInspectionOptions"/> at silo start, naming the key (prefixed with the configuration section's path
/// when the options were bound from one).</summary>
internal sealed class CvlmInspectionOptionsValidator(string? sectionPath) : IValidateOptions<CvlmInspectionOptions>
{
    public ValidateOptionsResult Validate(string? name, CvlmInspectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FindProblem() is not { } problem)
        {
            return ValidateOptionsResult.Success;
        }

        string key = sectionPath is { Length: > 0 } ? $"{sectionPath}:{problem.Key}" : $"{nameof(CvlmInspectionOptions)}:{problem.Key}";
        return ValidateOptionsResult.Fail($"Configuration key '{key}' is invalid: {problem.Message}");
    }
}
