namespace Customizable.Vlm.Cli.Tests;

/// <summary>Runs <c>cvlm</c> in-process through its entry point, capturing standard output and error.</summary>
internal static class Cli
{
    public static async Task<CliRun> RunAsync(ReasonerFactory? reasoners, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CvlmApp.RunAsync(args, new CliContext(output, error, Fancy: false, reasoners ?? new ReasonerFactory()), cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, CancellationToken.None, args);
}
