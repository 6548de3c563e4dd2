using System.Diagnostics;
using System.Globalization;

namespace Customizable.Vlm.IO;

/// <summary>Writes files atomically: into a temporary file beside the destination, flushed to disk, then renamed over it.</summary>
/// <remarks>
/// <para>A destination that is a symbolic link is written through: the link's final target is replaced, the link stays.</para>
/// <para>Temporary files are named <c>.NAME.PID.GUID.tmp</c>. A process killed between creating and renaming one leaves it behind;
/// the next write or <see cref="RemoveOrphans"/> beside the same destination deletes those whose process no longer runs.</para>
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on failure or cancellation the destination is untouched.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string full = FinalTarget(Path.GetFullPath(path));
        RemoveOrphans(full);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await write(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) atomically through <paramref name="write"/>.</summary>
    public static Task WriteTextAsync(string path, Action<TextWriter> write, CancellationToken cancellationToken) =>
        WriteAsync(
            path,
            async (stream, ct) =>
            {
                var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    write(writer);
                    await writer.FlushAsync(ct).ConfigureAwait(false);
                }
            },
            cancellationToken);

    /// <summary>Deletes temporary files left beside <paramref name="path"/> by writers that were killed (their process no longer
    /// runs). Best effort: files that cannot be inspected or deleted are left alone.</summary>
    public static void RemoveOrphans(string path)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        string prefix = $".{Path.GetFileName(full)}.";
        try
        {
            foreach (string candidate in Directory.EnumerateFiles(directory, prefix + "*.tmp"))
            {
                string[] parts = Path.GetFileName(candidate)[prefix.Length..].Split('.');
                if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !IsRunning(pid))
                {
                    File.Delete(candidate);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file another process holds or a folder we may not list stays as it is.
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string FinalTarget(string full)
    {
        FileSystemInfo? target = File.Exists(full) || new FileInfo(full).LinkTarget is not null ? File.ResolveLinkTarget(full, returnFinalTarget: true) : null;
        return target?.FullName ?? full;
    }
}
