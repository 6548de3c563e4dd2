using Customizable.Vlm.Cli;

// cvlm: customize, inspect and evaluate from the command line. Exit codes: 0 success, 2 bad usage, 3 bad input data,
// 1 unexpected failure, 130 cancelled (Ctrl+C).
return await CvlmApp.RunAsync(args, CliContext.FromConsole()).ConfigureAwait(false);
