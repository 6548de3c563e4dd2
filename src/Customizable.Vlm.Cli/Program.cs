using Customizable.Vlm.Cli;

// cvlm: customize, inspect and evaluate from the command line. Exit codes: 0 success, 2 bad usage, 3 bad input data,
// 1 unexpected failure, 130 cancelled (Ctrl+C or SIGTERM; a second Ctrl+C ends the process at once).
CliContext context = CliContext.FromConsole();
using TerminationSignals signals = TerminationSignals.Register(context.Error);
return await CvlmApp.RunAsync(args, context, signals.Token).ConfigureAwait(false);
