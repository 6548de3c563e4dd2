using Spectre.Console;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Creates the Spectre console for a run: live and coloured on a terminal, plain text otherwise.</summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create(CliContext context)
    {
        if (context.Fancy)
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Output) });
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(context.Output),
        });
        console.Profile.Width = 160;
        return console;
    }
}
