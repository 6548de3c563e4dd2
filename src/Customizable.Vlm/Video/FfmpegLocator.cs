namespace Customizable.Vlm.Video;

/// <summary>Finds the ffmpeg and ffprobe executables: a configured path, or a search of PATH. Stateless and thread-safe.</summary>
internal static class FfmpegLocator
{
    public static string FindFfmpeg(VideoDecodeOptions options) => Find("ffmpeg", options.FfmpegPath);

    public static string FindFfprobe(VideoDecodeOptions options)
    {
        if (options.FfprobePath is null && options.FfmpegPath is not null)
        {
            // Beside a configured ffmpeg first (same installation), then PATH.
            string? directory = Path.GetDirectoryName(Path.GetFullPath(options.FfmpegPath));
            if (directory is not null)
            {
                string beside = Path.Combine(directory, ExecutableName("ffprobe"));
                if (File.Exists(beside))
                {
                    return beside;
                }
            }

            if (!File.Exists(options.FfmpegPath))
            {
                throw new FfmpegNotFoundException("ffmpeg", options.FfmpegPath, null);
            }
        }

        return Find("ffprobe", options.FfprobePath);
    }

    /// <summary>Returns whether ffmpeg and ffprobe can both be found with these options.</summary>
    public static bool IsAvailable(VideoDecodeOptions options)
    {
        try
        {
            _ = FindFfmpeg(options);
            _ = FindFfprobe(options);
            return true;
        }
        catch (FfmpegNotFoundException)
        {
            return false;
        }
    }

    private static string Find(string tool, string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : throw new FfmpegNotFoundException(tool, configured, null);
        }

        string name = ExecutableName(tool);
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (path is not null)
        {
            foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FfmpegNotFoundException(tool, null, null);
    }

    private static string ExecutableName(string tool) => OperatingSystem.IsWindows() ? tool + ".exe" : tool;
}
