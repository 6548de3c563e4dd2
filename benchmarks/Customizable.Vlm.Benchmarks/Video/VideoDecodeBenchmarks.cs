using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Benchmarks.Video;

/// <summary>
/// Decoding the first <see cref="Frames"/> frames of a generated H.264 clip (ffmpeg <c>testsrc</c>, 320x240, 25 fps, 4 s) to RGB:
/// through <see cref="VideoFrameReader"/> (one ffmpeg process streaming raw frames through a pipe, the path users call) versus the
/// per-frame snapshot approach (one ffmpeg process with an input seek <c>-ss</c> per frame), in the same run.
/// Frames per second = <see cref="Frames"/> / mean time. Skipped by Program.cs when ffmpeg is not installed.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class VideoDecodeBenchmarks
{
    private string _folder = null!;
    private string _clip = null!;
    private VideoFrameReader _reader = null!;
    private VideoMetadata _metadata = null!;

    /// <summary>Gets or sets the number of frames decoded per operation.</summary>
    [Params(50)]
    public int Frames { get; set; }

    /// <summary>Gets whether ffmpeg and ffprobe are on PATH.</summary>
    public static bool IsFfmpegAvailable => new VideoFrameReader().IsFfmpegAvailable;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "cvlm-video-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _clip = Path.Combine(_folder, "testsrc.mp4");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=25", "-pix_fmt", "yuv420p", _clip })
        {
            start.ArgumentList.Add(argument);
        }

        using (Process process = Process.Start(start)!)
        {
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("ffmpeg could not generate the clip: " + errors);
            }
        }

        _reader = new VideoFrameReader();
        _metadata = _reader.ProbeAsync(VideoObservation.FromFile(_clip)).AsTask().GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// clip: {_metadata.Width}x{_metadata.Height}, {_metadata.FramesPerSecond} fps, {_metadata.FrameCount} frames"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>The per-frame snapshot approach: one ffmpeg process per frame, seeking to the frame's time.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> SnapshotPerFrame()
    {
        long checksum = 0;
        for (int i = 0; i < Frames; i++)
        {
            RawFrame frame = await _reader.Ffmpeg.ReadSnapshotAsync(_clip, _metadata, TimeSpan.FromSeconds(i / _metadata.FramesPerSecond));
            checksum += frame.Pixels.Span[(frame.Width * frame.Height * 3) / 2];
        }

        return checksum;
    }

    /// <summary>One ffmpeg process for all frames, raw RGB through a pipe (ffprobe first), stopped after <see cref="Frames"/> frames.</summary>
    [Benchmark]
    public async Task<long> SinglePipe()
    {
        long checksum = 0;
        await foreach (VideoFrame frame in _reader.ReadFramesAsync(VideoObservation.FromFile(_clip)))
        {
            checksum += frame.Frame.Pixels.Span[(frame.Frame.Width * frame.Frame.Height * 3) / 2];
            if (frame.Index == Frames - 1)
            {
                break;
            }
        }

        return checksum;
    }
}
