using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Customizable.Vlm.Video;

/// <summary>
/// Decodes video files with ffmpeg: ffprobe reads the metadata, then ONE ffmpeg process streams every frame as raw RGB through a pipe.
/// </summary>
/// <remarks>
/// <para>Memory stays flat: one frame buffer per yielded frame, nothing buffered ahead. Timestamps are <c>index / frame rate</c>
/// (the stream's average rate); frames are passed through as decoded (no duplication or dropping), with the display rotation applied.</para>
/// <para>The process is always ended: when the enumeration finishes, fails, is cancelled or is abandoned (disposed early) the process
/// tree is killed if still running and waited for; its error output is drained continuously so the pipe never blocks.</para>
/// <para>Thread-safety: an instance is immutable; concurrent enumerations each run their own process.</para>
/// </remarks>
internal sealed class FfmpegVideoSource
{
    private readonly VideoDecodeOptions _options;

    public FfmpegVideoSource(VideoDecodeOptions options)
    {
        _options = options;
    }

    /// <summary>Gets or sets a hook told the id of every ffmpeg/ffprobe process started (tests check that it is gone afterwards).</summary>
    internal Action<int>? ProcessStarted { get; init; }

    public async ValueTask<VideoMetadata> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        CheckFile(path);
        string ffprobe = FfmpegLocator.FindFfprobe(_options);
        string[] arguments =
        [
            "-v", "error", "-hide_banner",
            "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height,r_frame_rate,avg_frame_rate,nb_frames,duration:stream_tags=rotate:stream_side_data=rotation:format=duration",
            "-of", "json",
            FileArgument(path),
        ];

        using Process process = Start(ffprobe, "ffprobe", arguments);
        var errors = new BoundedText();
        Task drain = BoundedText.DrainAsync(process.StandardError, errors);
        string json;
        try
        {
            json = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await drain.ConfigureAwait(false);
        }
        finally
        {
            await EndAsync(process, drain).ConfigureAwait(false);
        }

        if (process.ExitCode != 0)
        {
            throw new VideoDecodingException(path, $"The file is not a readable video (ffprobe exit code {process.ExitCode}): {Tail(errors)}", null);
        }

        return ParseProbe(path, json);
    }

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        VideoMetadata metadata = await ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        _options.CheckLimits(path, metadata);
        string ffmpeg = FfmpegLocator.FindFfmpeg(_options);
        int frameBytes = checked(metadata.Width * metadata.Height * 3);
        using Process process = Start(ffmpeg, "ffmpeg", DecodeArguments(path, null, null));
        var errors = new BoundedText();
        Task drain = BoundedText.DrainAsync(process.StandardError, errors);
        Stream output = process.StandardOutput.BaseStream;
        try
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(static state => Kill((Process)state!), process);
            int index = 0;
            while (true)
            {
                byte[] pixels = new byte[frameBytes];
                int read = await output.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (read == 0)
                {
                    break;
                }

                if (read < frameBytes)
                {
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    await drain.ConfigureAwait(false);
                    throw new VideoDecodingException(path, $"The video is truncated: frame {index} ended after {read} of {frameBytes} bytes. {Tail(errors)}", null);
                }

                if (index >= _options.MaxFrames)
                {
                    throw new InputLimitExceededException(path, nameof(VideoDecodeOptions.MaxFrames), index + 1, _options.MaxFrames);
                }

                RawFrame frame = new(metadata.Width, metadata.Height, PixelFormat.Rgb24, pixels);
                yield return new VideoFrame(index, VideoTime.At(index, metadata.FramesPerSecond), VideoTime.Period(index, metadata.FramesPerSecond), frame);
                index++;
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await drain.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new VideoDecodingException(path, $"ffmpeg failed after {index} frames (exit code {process.ExitCode}): {Tail(errors)}", null);
            }

            if (index == 0)
            {
                throw new VideoDecodingException(path, $"The video has no decodable frames. {Tail(errors)}", null);
            }
        }
        finally
        {
            await EndAsync(process, drain).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Decodes the single frame shown at <paramref name="time"/> with its own ffmpeg process (input seek). This is the per-frame
    /// snapshot approach the pipe replaces; it exists as the benchmark's baseline.
    /// </summary>
    internal async ValueTask<RawFrame> ReadSnapshotAsync(string path, VideoMetadata metadata, TimeSpan time, CancellationToken cancellationToken = default)
    {
        string ffmpeg = FfmpegLocator.FindFfmpeg(_options);
        int frameBytes = checked(metadata.Width * metadata.Height * 3);
        using Process process = Start(ffmpeg, "ffmpeg", DecodeArguments(path, time, 1));
        var errors = new BoundedText();
        Task drain = BoundedText.DrainAsync(process.StandardError, errors);
        try
        {
            byte[] pixels = new byte[frameBytes];
            int read = await process.StandardOutput.BaseStream.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < frameBytes)
            {
                throw new VideoDecodingException(path, $"No frame at {time.TotalSeconds:0.###} s. {Tail(errors)}", null);
            }

            return new RawFrame(metadata.Width, metadata.Height, PixelFormat.Rgb24, pixels);
        }
        finally
        {
            await EndAsync(process, drain).ConfigureAwait(false);
        }
    }

    internal static VideoMetadata ParseProbe(string path, string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (!root.TryGetProperty("streams", out JsonElement streams) || streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
            {
                throw new VideoDecodingException(path, "The file has no video stream.", null);
            }

            JsonElement stream = streams[0];
            int width = stream.TryGetProperty("width", out JsonElement w) ? w.GetInt32() : 0;
            int height = stream.TryGetProperty("height", out JsonElement h) ? h.GetInt32() : 0;
            if (width < 1 || height < 1)
            {
                throw new VideoDecodingException(path, $"The video stream declares an empty frame size ({width}x{height}).", null);
            }

            double fps = Rate(stream, "avg_frame_rate");
            if (!(fps > 0))
            {
                fps = Rate(stream, "r_frame_rate");
            }

            if (!(fps > 0) || fps > 10_000)
            {
                throw new VideoDecodingException(path, "The video stream has no usable frame rate.", null);
            }

            double seconds = Number(stream, "duration");
            if (!(seconds > 0) && root.TryGetProperty("format", out JsonElement format))
            {
                seconds = Number(format, "duration");
            }

            long count = (long)Number(stream, "nb_frames");
            if (count <= 0)
            {
                count = seconds > 0 ? (long)Math.Round(seconds * fps) : 0;
            }

            if (!(seconds > 0))
            {
                seconds = count / fps;
            }

            int rotation = Rotation(stream);
            if (rotation % 180 != 0)
            {
                (width, height) = (height, width);
            }

            string codec = stream.TryGetProperty("codec_name", out JsonElement c) ? c.GetString() ?? "unknown" : "unknown";
            // A container can declare a duration beyond what TimeSpan holds (about 292,000 years; found by a fuzzer): it is the
            // largest TimeSpan then, which the duration limit refuses.
            TimeSpan duration = seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
            return new VideoMetadata(width, height, fps, duration, count, rotation, codec);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new VideoDecodingException(path, $"ffprobe's description of the file could not be read: {e.Message}", e);
        }
    }

    private static string[] DecodeArguments(string path, TimeSpan? seek, int? frames)
    {
        var arguments = new List<string> { "-v", "error", "-hide_banner", "-nostdin" };
        if (seek is { } time)
        {
            arguments.Add("-ss");
            arguments.Add(time.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture));
        }

        arguments.AddRange(["-i", FileArgument(path), "-map", "0:v:0", "-an", "-sn", "-dn", "-vsync", "passthrough"]);
        if (frames is { } n)
        {
            arguments.Add("-frames:v");
            arguments.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        arguments.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        return [.. arguments];
    }

    // The file: protocol keeps ffmpeg from reading a path such as "http:..." or "concat:..." as a protocol.
    private static string FileArgument(string path) => "file:" + Path.GetFullPath(path);

    private static void CheckFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidObservationException(path, "The file does not exist.", new FileNotFoundException("The video file does not exist.", path));
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new VideoDecodingException(path, "The file is empty.", null);
        }
    }

    private Process Start(string executable, string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or FileNotFoundException or UnauthorizedAccessException)
        {
            process.Dispose();
            throw new FfmpegNotFoundException(tool, executable, e);
        }

        process.StandardInput.Close();
        ProcessStarted?.Invoke(process.Id);
        return process;
    }

    private static async ValueTask EndAsync(Process process, Task drain)
    {
        Kill(process);
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already disposed.
        }

        await drain.ConfigureAwait(false);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited in the meantime.
        }
    }

    private static string Tail(BoundedText errors)
    {
        string text = errors.ToString();
        if (text.Length == 0)
        {
            return "(ffmpeg wrote no error output)";
        }

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines[Math.Max(0, lines.Length - 3)..]);
    }

    private static double Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out JsonElement value) || value.GetString() is not { } text)
        {
            return 0;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain) ? plain : 0;
        }

        return double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out double numerator)
            && double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double denominator)
            && denominator > 0
            ? numerator / denominator
            : 0;
    }

    private static double Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && double.IsFinite(parsed) ? parsed : 0,
            _ => 0,
        };
    }

    private static int Rotation(JsonElement stream)
    {
        double degrees = 0;
        if (stream.TryGetProperty("side_data_list", out JsonElement sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in sideData.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out _))
                {
                    degrees = Number(item, "rotation");
                }
            }
        }
        else if (stream.TryGetProperty("tags", out JsonElement tags))
        {
            degrees = Number(tags, "rotate");
        }

        // ffmpeg's side data is counter-clockwise; report the clockwise display rotation, snapped to quarter turns.
        int quarter = (int)Math.Round(-degrees / 90.0);
        return ((quarter % 4) + 4) % 4 * 90;
    }
}
