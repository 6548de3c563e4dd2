namespace Customizable.Vlm.Cli.Inputs;

/// <summary>One input named or found on the command line: a file or a folder of frames, and the modality it is read as.</summary>
/// <param name="Path">The full path of the file, or of the folder of frames (one video clip).</param>
/// <param name="Modality">How the input is read.</param>
internal sealed record InputItem(string Path, ObservationModality Modality)
{
    /// <summary>Whether the input is a folder of frames read as one clip.</summary>
    public bool IsFrameFolder => Modality == ObservationModality.Video && Directory.Exists(Path);

    /// <summary>The observation that reads this input.</summary>
    public Observation ToObservation() => Modality switch
    {
        ObservationModality.PointCloud => PointCloudObservation.FromFile(Path),
        ObservationModality.Video => VideoObservation.FromFile(Path),
        _ => ImageObservation.FromFile(Path),
    };

    /// <summary>The modality in words, as messages write it (singular).</summary>
    public string Describe() => Modality switch
    {
        ObservationModality.PointCloud => "a point cloud",
        ObservationModality.Video => IsFrameFolder ? "a video (a folder of frames)" : "a video",
        _ => "an image",
    };
}
