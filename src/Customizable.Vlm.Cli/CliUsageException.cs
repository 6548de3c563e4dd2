namespace Customizable.Vlm.Cli;

/// <summary>The command line is well-formed but its values do not fit together (exit code 2).</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
