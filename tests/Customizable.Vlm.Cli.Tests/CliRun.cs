namespace Customizable.Vlm.Cli.Tests;

/// <summary>The outcome of one in-process run.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
