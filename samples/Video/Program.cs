// Video: customize an inspection from normal clips, then find when something unusual happens in a clip, with the embedded reasoner.
//   dotnet run -c Release --project samples/Video                                      (a clip drawn in memory)
//   dotnet run -c Release --project samples/Video -- <normals> <clip>... [--out <dir>]
//   dotnet run -c Release --project samples/Video -- --help
// Exit codes: 0 done, 2 bad arguments, 3 bad input (missing or unreadable clip, no clips), 4 ffmpeg missing, 1 other failure, 130 Ctrl+C.
using VideoSample;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // Stop at the next cancellation point instead of killing the process.
    cancellation.Cancel();
};

return await VideoApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
