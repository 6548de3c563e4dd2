namespace Customizable.Vlm.Cli;

/// <summary>Where a run of <c>cvlm</c> writes and what it runs with: the seam that lets tests invoke the tool in-process.</summary>
/// <param name="Output">Standard output: results, tables, progress in plain mode, JSON with <c>--json</c>.</param>
/// <param name="Error">Standard error: one line per failure.</param>
/// <param name="Fancy">Whether to draw live progress bars and colours (a terminal, not redirected, not CI).</param>
/// <param name="Reasoners">Creates the reasoner named by <c>--reasoner</c>.</param>
internal sealed record CliContext(TextWriter Output, TextWriter Error, bool Fancy, ReasonerFactory Reasoners)
{
    /// <summary>The process's console: fancy output only on an interactive terminal outside CI.</summary>
    public static CliContext FromConsole()
    {
        string? ci = Environment.GetEnvironmentVariable("CI");
        bool isCi = !string.IsNullOrEmpty(ci) && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0";
        bool dumb = string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new CliContext(Console.Out, Console.Error, !Console.IsOutputRedirected && !isCi && !dumb, new ReasonerFactory());
    }
}
