namespace Customizable.Vlm.Cli;

/// <summary>An input file named on the command line is missing or malformed (exit code 3).</summary>
internal sealed class CliInputException : CustomizableVlmException
{
    public CliInputException()
    {
    }

    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
