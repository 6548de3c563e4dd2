using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Customizable.Vlm.Packaging.Tests;

/// <summary>Finds the repository, the <c>dotnet</c> host and the build outputs the pack test needs, and runs child processes.</summary>
internal static class Toolchain
{
    /// <summary>The projects packed into the local feed: the chain a consumer of the embedded reasoner restores, and the Orleans
    /// scale-out package that builds on it.</summary>
    public static IReadOnlyList<string> PackedProjects { get; } = ["Customizable.Vlm.Abstractions", "Customizable.Vlm", "Customizable.Vlm.Onnx", "Customizable.Vlm.Orleans"];

    /// <summary>The target frameworks every library ships.</summary>
    public static IReadOnlyList<string> LibraryFrameworks { get; } = ["net8.0", "net10.0"];

    /// <summary>The build configuration of this test assembly, which is the one its project references were built in.</summary>
    public static string Configuration { get; } =
        typeof(Toolchain).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The folder holding <c>Customizable.Vlm.sln</c>, found by walking up from the test assembly; null outside a clone.</summary>
    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The <c>dotnet</c> host: the one running the build (DOTNET_HOST_PATH), else the first on PATH; null when absent.</summary>
    public static string? Dotnet { get; } = FindDotnet();

    /// <summary>Why the pack test cannot run here, or null when it can.</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    /// <summary>Path of a packed library's build output for one framework.</summary>
    public static string BuildOutput(string project, string framework) =>
        Path.Combine(RepositoryRoot!, "src", project, "bin", Configuration, framework, project + ".dll");

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    /// <remarks>MSBuild variables of the test run are not passed on (the child is a build of its own); build servers are
    /// not left running. On timeout the process tree is killed and the run reported with exit code -1.</remarks>
    public static ProcessRun RunDotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet!)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int exitCode;
        if (process.WaitForExit(timeout))
        {
            process.WaitForExit();
            exitCode = process.ExitCode;
        }
        else
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            exitCode = -1;
            Append(output, $"(killed after {timeout.TotalSeconds:0} s)");
        }

        lock (output)
        {
            return new ProcessRun("dotnet " + string.Join(' ', arguments), exitCode, output.ToString(), watch.Elapsed);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string? FindDotnet()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindUnavailableReason()
    {
        if (Environment.GetEnvironmentVariable("CVLM_SKIP_PACK_TEST") is "1" or "true")
        {
            return "CVLM_SKIP_PACK_TEST is set.";
        }

        if (RepositoryRoot is null)
        {
            return "Customizable.Vlm.sln was not found above the test assembly (the pack test packs the repository's projects).";
        }

        if (Dotnet is null)
        {
            return "No 'dotnet' host was found (DOTNET_HOST_PATH or PATH): the packages cannot be packed.";
        }

        var missing = PackedProjects.SelectMany(p => LibraryFrameworks.Select(f => BuildOutput(p, f))).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            return $"The libraries are not built in {Configuration} for every target framework ({missing[0]} is missing): build this test project, which builds them, then run it.";
        }

        var sdks = RunDotnet(RepositoryRoot, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), "--list-sdks");
        if (sdks.ExitCode != 0 || !sdks.Output.Split('\n').Any(l => l.StartsWith("10.", StringComparison.Ordinal)))
        {
            return $"'dotnet --list-sdks' shows no .NET 10 SDK, which packing needs: {sdks.Output.Trim()}";
        }

        return null;
    }
}
