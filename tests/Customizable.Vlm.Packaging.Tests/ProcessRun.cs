namespace Customizable.Vlm.Packaging.Tests;

/// <summary>What a finished child process returned: its exit code and its standard output and error, interleaved as read.</summary>
public sealed record ProcessRun(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"'{Command}' exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s:{Environment.NewLine}{Output}";
}
