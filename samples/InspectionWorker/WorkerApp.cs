using System.Reflection;
using Customizable.Vlm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InspectionWorker;

/// <summary>The worker's entry point, callable in-process: builds the host, checks the configuration, loads the profiles, runs until
/// stopped, and reports every start-up failure as one line on standard error with an exit code (no stack trace).</summary>
public static class WorkerApp
{
    /// <summary>The prefix of the one-line error messages.</summary>
    public const string Name = "inspection-worker";

    /// <summary>The usage text printed by <c>--help</c>.</summary>
    public static string Usage =>
        "Usage: InspectionWorker [--Cvlm:Worker:<key>=<value> ...]\n" +
        "  With no configuration: a demo in the temp folder (generated references, two queries dropped into a watched folder).\n" +
        "  Configuration (appsettings.json, environment variables like Cvlm__Worker__InputFolder, or --key=value arguments):\n" +
        "    Cvlm:Worker:InputFolder          the watched folder; sub-folders are named after profiles\n" +
        "    Cvlm:Worker:Profiles:<name>      a saved profile file, or a folder of reference images to customize from\n" +
        "    Cvlm:Worker:DefaultProfile       the profile for images directly in InputFolder (default: the only one)\n" +
        "    Cvlm:Worker:Consumers, QueueCapacity, SettleTime, RescanInterval, HealthInterval, StopAfterFiles,\n" +
        "    Cvlm:Worker:ResultsFile, ProcessedFolder, FailedFolder, HealthFile, OpenTelemetry:Enabled\n" +
        "    shutdownTimeoutSeconds           how long in-flight inspections may finish at shutdown (default 30)\n" +
        "  Unknown Cvlm:Worker keys and arguments that are not --key=value settings are refused.\n" +
        "Exit codes: 0 stopped, 2 bad configuration, 3 a profile or reference cannot be used, 1 other failure, 130 cancelled.\n";

    /// <summary>Runs the worker until it is stopped (Ctrl+C, SIGTERM, <paramref name="cancellationToken"/> or
    /// <see cref="WorkerOptions.StopAfterFiles"/>).</summary>
    /// <param name="args">The command-line arguments (configuration as <c>--key=value</c>).</param>
    /// <param name="output">Where the demo's instructions go.</param>
    /// <param name="error">Where the one-line error messages go.</param>
    /// <param name="cancellationToken">Stops the worker.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Any(a => a is "--help" or "-h"))
        {
            await output.WriteAsync(Usage);
            return 0;
        }

        try
        {
            using IHost host = await CreateHostAsync(args, output, configure: null, cancellationToken);
            await host.RunAsync(cancellationToken);
            return cancellationToken.IsCancellationRequested ? 130 : 0;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"{Name}: error: {OneLine(ex.Message)}");
            return 2;
        }
        catch (Exception ex) when (ex is InvalidProfileException or InvalidObservationException)
        {
            await error.WriteLineAsync($"{Name}: error: {OneLine(ex.Message)}");
            return 3;
        }
        catch (Exception ex) when (ex is CustomizableVlmException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{Name}: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{Name}: cancelled.");
            return 130;
        }
    }

    /// <summary>Builds the host, validates the configuration and loads the profiles; the host is not started.</summary>
    /// <param name="args">The command-line arguments (configuration as <c>--key=value</c>).</param>
    /// <param name="output">Where the demo's instructions go; null for nowhere.</param>
    /// <param name="configure">Changes the builder after the worker's registrations (tests replace the reasoner here), or null.</param>
    /// <param name="cancellationToken">Cancels loading the profiles.</param>
    /// <returns>The host, ready for <c>StartAsync</c>; the caller disposes it.</returns>
    /// <exception cref="OptionsValidationException">The configuration is invalid; the message names the keys.</exception>
    /// <exception cref="InvalidProfileException">A saved profile cannot be used.</exception>
    /// <exception cref="InvalidObservationException">A reference image cannot be read.</exception>
    public static async Task<IHost> CreateHostAsync(
        string[] args,
        TextWriter? output = null,
        Action<HostApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        IConfigurationSection section = builder.Configuration.GetSection(WorkerOptions.SectionName);
        CheckKnown(args, section);
        string? demoInbox = null;
        if (string.IsNullOrWhiteSpace(section["InputFolder"]) && !section.GetSection("Profiles").GetChildren().Any())
        {
            Dictionary<string, string?> demo = await DemoSetup.PrepareAsync(DemoSetup.Folder, cancellationToken);
            builder.Configuration.AddInMemoryCollection(demo);
            demoInbox = demo[$"{WorkerOptions.SectionName}:InputFolder"];
        }

        builder.AddInspectionWorker();
        configure?.Invoke(builder);
        IHost host = builder.Build();
        try
        {
            // Checked here, before the host starts, so that a bad value is one line and not a logged stack trace.
            WorkerOptions options = host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;
            ValidateOnStart(host.Services);

            // When enabled, OpenTelemetry's providers are created now (the host would create them at start), so that customizing and
            // loading the profiles are traced too.
            _ = host.Services.GetService<TracerProvider>();
            _ = host.Services.GetService<MeterProvider>();
            await host.Services.GetRequiredService<ProfileRegistry>().LoadAsync(cancellationToken);
            if (demoInbox is not null)
            {
                await DemoSetup.DropQueriesAsync(demoInbox, cancellationToken);
                output?.WriteLine($"No configuration: running the demo. Watching {demoInbox}; results in {options.ResultsPath}.");
                output?.WriteLine("Two generated queries were dropped in (one with a planted stain); drop more images there. Ctrl+C stops.");
            }

            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Runs the checks the host would run at start (<c>ValidateOnStart</c>: the library's options too).</summary>
    private static void ValidateOnStart(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <summary>Refuses what the configuration would silently ignore: an argument the command line does not read as a setting
    /// (<c>stray</c>, <c>-x</c>, a last <c>--key</c> without a value) and a key under <c>Cvlm:Worker</c> that no option reads (a typo
    /// such as <c>InputFoler</c> would otherwise run the demo or keep a default).</summary>
    /// <exception cref="OptionsValidationException">Names every such argument and key.</exception>
    private static void CheckKnown(string[] args, IConfigurationSection section)
    {
        List<string> failures = [];
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            bool key = arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/');
            if (arg.Contains('=', StringComparison.Ordinal) ? !key && arg.StartsWith('-') : !key || ++i >= args.Length)
            {
                failures.Add($"the argument '{arg}' is not a setting: pass --{WorkerOptions.SectionName}:<key>=<value> (see --help).");
            }
        }

        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;
        foreach (IConfigurationSection child in section.GetChildren())
        {
            PropertyInfo? option = typeof(WorkerOptions).GetProperty(child.Key, Public);
            IEnumerable<IConfigurationSection> unknown = option is null ? [child]
                : option.PropertyType == typeof(WorkerTelemetryOptions) ? child.GetChildren().Where(c => typeof(WorkerTelemetryOptions).GetProperty(c.Key, Public) is null)
                : [];
            failures.AddRange(unknown.Select(u => $"{u.Path} is not a setting of the worker (see --help)."));
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(WorkerOptions.SectionName, typeof(WorkerOptions), failures);
        }
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
