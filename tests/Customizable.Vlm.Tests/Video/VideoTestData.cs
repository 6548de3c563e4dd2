using System.Diagnostics;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

/// <summary>Test clips: generated with ffmpeg's <c>testsrc</c> when ffmpeg exists, frames drawn in memory otherwise, and the Intel
/// sample clips in <c>../shared/data/video/intel_sample_videos</c> when present.</summary>
internal static class VideoTestData
{
    public const string NoFfmpeg = "ffmpeg/ffprobe are not on PATH (install ffmpeg, e.g. 'apt-get install ffmpeg'; .ci/run does).";
    public const string NoIntel = "../shared/data/video/intel_sample_videos is absent (real data lives beside the repository, never in it).";

    public static bool HasFfmpeg { get; } = FfmpegLocator.IsAvailable(new VideoDecodeOptions());

    public static string? IntelFolder { get; } = FindShared("intel_sample_videos");

    public static string? UcsdPed2Folder { get; } = FindShared("ucsd_ped2");

    /// <summary>Writes a testsrc clip with ffmpeg and returns its path.</summary>
    public static string GenerateClip(string directory, string name, double seconds, int fps, int width = 160, int height = 120, string extra = "")
    {
        string path = Path.Combine(directory, name);
        string source = FormattableString.Invariant($"testsrc=duration={seconds}:size={width}x{height}:rate={fps}");
        RunFfmpeg($"-v error -y -f lavfi -i {source} {extra} -pix_fmt yuv420p \"{path}\"");
        return path;
    }

    public static void RunFfmpeg(string arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments} failed: {errors}");
        }
    }

    /// <summary>A grey frame with an optional bright square.</summary>
    public static RawFrame Frame(int width, int height, byte grey, PixelRect? square = null, byte squareGrey = 250)
    {
        byte[] pixels = new byte[width * height * 3];
        pixels.AsSpan().Fill(grey);
        if (square is { } box)
        {
            for (int y = box.Y; y < box.Bottom; y++)
            {
                pixels.AsSpan(((y * width) + box.X) * 3, box.Width * 3).Fill(squareGrey);
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }

    /// <summary>Frames whose first byte is their index (so a test can tell them apart).</summary>
    public static IReadOnlyList<RawFrame> NumberedFrames(int count, int width = 16, int height = 12)
    {
        var frames = new RawFrame[count];
        for (int i = 0; i < count; i++)
        {
            byte[] pixels = new byte[width * height * 3];
            pixels[0] = (byte)i;
            frames[i] = new RawFrame(width, height, PixelFormat.Rgb24, pixels);
        }

        return frames;
    }

    public static async Task<List<VideoFrame>> ToListAsync(IAsyncEnumerable<VideoFrame> frames, CancellationToken cancellationToken = default)
    {
        var list = new List<VideoFrame>();
        await foreach (VideoFrame frame in frames.WithCancellation(cancellationToken))
        {
            list.Add(frame);
        }

        return list;
    }

    /// <summary>Whether a process id still names a process (a zombie counts as alive: it still has a /proc entry).</summary>
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid}");
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindShared(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                string path = Path.Combine(dir.FullName, "..", "shared", "data", "video", name);
                return Directory.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}
