using System.Reflection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates one named instance of <typeparamref name="TOptions"/> with the options class's own <c>Validate()</c> method and
/// turns its <see cref="ArgumentException"/> into a failure that names the configuration key (for example
/// <c>Cvlm:Embedded:TopKFraction</c>, or <c>FeatureReasonerOptions:TopKFraction</c> when the options were not bound from configuration).</summary>
/// <remarks>Thread-safety: immutable; <see cref="Validate"/> may be called concurrently.</remarks>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class OptionsKeyValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly string _name;
    private readonly string _keyPrefix;
    private readonly Action<TOptions> _validate;

    /// <summary>Initializes a validator of the options named <paramref name="name"/>.</summary>
    /// <param name="name">The options name (the empty string for unkeyed registrations).</param>
    /// <param name="keyPrefix">The configuration path the options are bound from, or null to name keys after the options type.</param>
    /// <param name="validate">The options class's validation, throwing <see cref="ArgumentException"/> on a bad value.</param>
    public OptionsKeyValidator(string name, string? keyPrefix, Action<TOptions> validate)
    {
        _name = name;
        _keyPrefix = keyPrefix ?? (name.Length == 0 ? typeof(TOptions).Name : $"{typeof(TOptions).Name}[{name}]");
        _validate = validate;
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name ?? string.Empty, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            _validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(Describe(ex));
        }
    }

    private string Describe(ArgumentException ex)
    {
        string key = ex.ParamName is { Length: > 0 } param ? $"{_keyPrefix}:{PathOf(typeof(TOptions), param, 0) ?? param}" : _keyPrefix;
        string message = ex.Message.Split('\n')[0].Trim();
        if (ex.ParamName is not null)
        {
            message = message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
        }

        string value = ex is ArgumentOutOfRangeException { ActualValue: { } actual }
            ? FormattableString.Invariant($" (value: {actual})")
            : string.Empty;
        return $"Configuration key '{key}' is invalid: {message}{value}";
    }

    /// <summary>The configuration path (<c>Backbone:Session:DeviceId</c>) of the property named <paramref name="name"/>, searched
    /// breadth-first up to three levels deep, or null.</summary>
    private static string? PathOf(Type type, string name, int depth)
    {
        PropertyInfo[] properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        if (properties.Any(p => p.Name == name))
        {
            return name;
        }

        if (depth >= 2)
        {
            return null;
        }

        foreach (PropertyInfo property in properties)
        {
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !typeof(Delegate).IsAssignableFrom(property.PropertyType)
                && property.GetIndexParameters().Length == 0
                && PathOf(property.PropertyType, name, depth + 1) is { } inner)
            {
                return $"{property.Name}:{inner}";
            }
        }

        return null;
    }
}
