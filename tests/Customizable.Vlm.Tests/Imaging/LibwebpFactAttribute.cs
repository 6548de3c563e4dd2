using System.Diagnostics;
using Customizable.Vlm.Tests.Video;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>
/// A fact skipped, with the reason, when ffmpeg is not installed or was built without the libwebp encoder; with
/// <see cref="NeedsTirePhotos"/>, also when <c>../shared/data/mvtec_3d_ad/tire</c> is absent.
/// </summary>
public sealed class LibwebpFactAttribute : FactAttribute
{
    private bool _needsTirePhotos;
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

    /// <summary>The good test photos of MVTec 3D-AD tire (600x800 RGB PNG) beside the repository, or null when absent.</summary>
    public static string? TirePhotos { get; } = FindTirePhotos();

    /// <summary>Gets or sets whether the test also needs <see cref="TirePhotos"/>.</summary>
    public bool NeedsTirePhotos
    {
        get => _needsTirePhotos;
        set
        {
            _needsTirePhotos = value;
            if (value && Skip is null && TirePhotos is null)
            {
                Skip = "../shared/data/mvtec_3d_ad/tire is absent (real data lives beside the repository, never in it).";
            }
        }
    }

    private static string? FindTirePhotos()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Customizable.Vlm.sln")))
            {
                string path = Path.Combine(dir.FullName, "..", "shared", "data", "mvtec_3d_ad", "tire", "test", "good", "rgb");
                return Directory.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}
