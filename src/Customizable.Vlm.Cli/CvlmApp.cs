using System.CommandLine;
using System.CommandLine.Parsing;
using Customizable.Vlm.Cli.Commands;
using Customizable.Vlm.Cli.Output;

namespace Customizable.Vlm.Cli;

/// <summary>The <c>cvlm</c> command tree and its entry point, callable in-process (tests pass their own writers).</summary>
internal static class CvlmApp
{
    /// <summary>Builds the root command with <c>eval</c>, <c>customize</c>, <c>inspect</c> and <c>outliers</c>.</summary>
    public static RootCommand Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new RootCommand("cvlm: customize, inspect and evaluate anomaly inspections with Customizable.Vlm (offline, embedded reasoner).")
        {
            EvalCommand.Create(context),
            CustomizeCommand.Create(context),
            InspectCommand.Create(context),
            OutliersCommand.Create(context),
        };
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="context">Where to write and what to run with.</param>
    /// <param name="cancellationToken">Cancels the command (the tool passes the token of its <see cref="TerminationSignals"/>).</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        ParseResult parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            string command = parse.CommandResult.Command is RootCommand ? "cvlm" : $"cvlm {parse.CommandResult.Command.Name}";
            // An unrecognised token explains more than the "required command" error it causes.
            ParseError error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            await WriteErrorAsync(context, $"{error.Message} (run '{command} --help' for usage)").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        // Termination signals are handled by TerminationSignals (Program.cs), which cancels cancellationToken: System.CommandLine's own
        // handler is turned off (it forces a result after a timeout and throws from the signal handler on a second signal).
        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command's body and turns every failure into one line on standard error and its exit code.</summary>
    public static async Task<int> GuardAsync(CliContext context, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await WriteErrorAsync(context, ex.Message).ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
#pragma warning disable CA1031 // After a cancellation request, whatever the interrupted step threw (OperationCanceledException, or a native call's error) means "cancelled".
        catch (Exception) when (cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            await WriteErrorAsync(context, "cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Video.FfmpegNotFoundException ex)
        {
            string where = ex.LookedAt is null ? "on PATH" : $"at '{ex.LookedAt}'";
            await WriteErrorAsync(context, $"{ex.Tool ?? "ffmpeg"} was not found {where}; it is needed to decode video files (GIFs and folders of frames are read without it). " +
                "Install ffmpeg, which provides ffmpeg and ffprobe (Debian/Ubuntu 'apt-get install ffmpeg', macOS 'brew install ffmpeg', Windows 'winget install ffmpeg'), or pass --ffmpeg <path to ffmpeg>.").ConfigureAwait(false);
            return ExitCodes.MissingTool;
        }
        catch (Exception ex) when (ex is CustomizableVlmException or FileNotFoundException or DirectoryNotFoundException)
        {
            await WriteErrorAsync(context, ex.Message).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // The tool's last line of defence: any other failure is reported in one line with exit code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await WriteErrorAsync(context, $"unexpected error ({ex.GetType().Name}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UnexpectedFailure;
        }
    }

    private static async Task WriteErrorAsync(CliContext context, string message)
    {
        string line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        await context.Error.WriteLineAsync($"cvlm: error: {TerminalText.Line(line)}").ConfigureAwait(false);
        await context.Error.FlushAsync().ConfigureAwait(false);
    }
}
