namespace Customizable.Vlm;

/// <summary>A video to inspect: a file (decoded by an external tool such as ffmpeg) or an ordered sequence of decoded frames.</summary>
/// <remarks>Time is measured from the start of the video. Exactly one of <see cref="FilePath"/> or <see cref="Frames"/> is set.</remarks>
public sealed class VideoObservation : Observation
{
    private VideoObservation(string? name, string? filePath, IReadOnlyList<RawFrame>? frames, double? framesPerSecond)
        : base(name)
    {
        FilePath = filePath;
        Frames = frames;
        FramesPerSecond = framesPerSecond;
    }

    /// <inheritdoc />
    public override ObservationModality Modality => ObservationModality.Video;

    /// <summary>Gets the path of a video file, or null.</summary>
    public string? FilePath { get; }

    /// <summary>Gets decoded frames in display order, or null.</summary>
    public IReadOnlyList<RawFrame>? Frames { get; }

    /// <summary>Gets the frame rate of <see cref="Frames"/> in frames per second, or null when unknown (files carry their own).</summary>
    public double? FramesPerSecond { get; }

    /// <summary>Creates an observation of a video file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The observation, named after the file.</returns>
    public static VideoObservation FromFile(string path)
    {
        Throw.IfNullOrWhiteSpace(path);
        return new VideoObservation(System.IO.Path.GetFileName(path), path, null, null);
    }

    /// <summary>Creates an observation of decoded frames.</summary>
    /// <param name="frames">The frames in display order; at least one.</param>
    /// <param name="framesPerSecond">The frame rate, greater than 0.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <returns>The observation.</returns>
    public static VideoObservation FromFrames(IReadOnlyList<RawFrame> frames, double framesPerSecond, string? name = null)
    {
        Throw.IfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A video needs at least one frame.", nameof(frames));
        }

        if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "The frame rate must be a positive number.");
        }

        return new VideoObservation(name, null, frames, framesPerSecond);
    }
}
