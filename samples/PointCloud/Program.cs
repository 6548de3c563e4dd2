// PointCloud: customize an inspection from a few normal point clouds, then inspect clouds with the embedded default reasoner.
//   dotnet run -c Release --project samples/PointCloud                                   (generated tubes)
//   dotnet run -c Release --project samples/PointCloud -- <normals-dir> <cloud>... [--out <dir>]
//   dotnet run -c Release --project samples/PointCloud -- --help
// Exit codes: 0 done, 2 bad arguments, 3 bad input (missing folder, no clouds, unreadable cloud), 1 other failure, 130 Ctrl+C.
using PointCloud;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // Stop at the next cancellation point instead of killing the process.
    cancellation.Cancel();
};

return await PointCloudApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
