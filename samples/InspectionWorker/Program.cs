// InspectionWorker: a hosted worker that watches a folder and inspects every image dropped into it with the embedded reasoner.
//   dotnet run --project samples/InspectionWorker                            (demo: generated references and queries)
//   dotnet run --project samples/InspectionWorker -- --Cvlm:Worker:InputFolder=inbox --Cvlm:Worker:Profiles:tire=tire.cvlm
//   dotnet run --project samples/InspectionWorker -- --help
// Exit codes: 0 stopped, 2 bad configuration, 3 a profile or reference cannot be used, 1 other failure, 130 cancelled.
// Ctrl+C and SIGTERM stop it gracefully (the host handles them).
using InspectionWorker;

return await WorkerApp.RunAsync(args, Console.Out, Console.Error);
