using System.CommandLine;

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
}
