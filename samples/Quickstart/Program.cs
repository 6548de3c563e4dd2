// Quickstart: customize an inspection from a few good parts, then inspect queries with the embedded default reasoner.
//   dotnet run --project samples/Quickstart                                  (generated demo images)
//   dotnet run --project samples/Quickstart -- <references-dir> <queries-dir> [output-dir]
//   dotnet run --project samples/Quickstart -- --help
// Exit codes: 0 done, 2 bad arguments, 3 bad input (missing folder, no images, unreadable image), 1 other failure, 130 Ctrl+C.
using Quickstart;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // Stop at the next cancellation point instead of killing the process.
    cancellation.Cancel();
};

return await QuickstartApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
