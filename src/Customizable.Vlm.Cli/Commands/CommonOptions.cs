using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Customizable.Vlm.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary><c>--reasoner &lt;name&gt;</c>, <c>default</c> by default.</summary>
    public static Option<string> Reasoner()
    {
        var option = new Option<string>("--reasoner")
        {
            Description = "The reasoner: 'default' is the embedded, offline feature reasoner; 'default-exact' the same with exact nearest-neighbour search over all feature dimensions.",
            DefaultValueFactory = _ => "default",
            HelpName = "name",
        };
        option.AcceptOnlyFromAmong(ReasonerFactory.Names);
        return option;
    }

    /// <summary>Parses an option's whole-number value, reporting "NAME: 'abc' is not a whole number." (never the CLR type name).</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="name">The option, e.g. <c>--shots</c>.</param>
    /// <param name="minimum">The smallest accepted value.</param>
    /// <param name="rangeMessage">What the error says after the option name when the value is below <paramref name="minimum"/>.</param>
    /// <returns>The value, or null after an error (or without a token).</returns>
    public static int? WholeNumber(ArgumentResult result, string name, int minimum, string rangeMessage)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string token = result.Tokens[^1].Value;
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{name}: '{token}' is not a whole number.");
            return null;
        }

        if (value < minimum)
        {
            result.AddError($"{name} {rangeMessage}.");
            return null;
        }

        return value;
    }
}
