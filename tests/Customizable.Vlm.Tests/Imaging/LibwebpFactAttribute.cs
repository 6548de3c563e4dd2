using System.Diagnostics;
using Customizable.Vlm.Tests.Video;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>A fact skipped, with the reason, when ffmpeg is not installed or was built without the libwebp encoder.</summary>
public sealed class LibwebpFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasEncoder = new(() =>
    {
        if (!VideoTestData.HasFfmpeg)
        {
            return false;
        }

        var start = new ProcessStartInfo("ffmpeg", "-hide_banner -encoders") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string encoders = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && encoders.Contains(" libwebp ", StringComparison.Ordinal);
    });

    public LibwebpFactAttribute()
    {
        if (!HasEncoder.Value)
        {
            Skip = "ffmpeg with the libwebp encoder is not on PATH (install ffmpeg, e.g. 'apt-get install ffmpeg'; .ci/run does).";
        }
    }
}
