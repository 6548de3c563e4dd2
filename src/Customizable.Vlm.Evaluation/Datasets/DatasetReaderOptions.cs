namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>Options for <see cref="DatasetReader.Read(string, string, DatasetLayout?, DatasetReaderOptions?)"/>.</summary>
/// <remarks>A plain options object: not thread-safe while being changed; the reader only reads it.</remarks>
public sealed class DatasetReaderOptions
{
    /// <summary>
    /// Gets or sets whether a manifest may name images outside its own folder: absolute paths, <c>..</c> that leave the folder, and
    /// paths relative to a parent folder (the original Customizable-VLM manifests are relative to their repository's root, which is
    /// searched upwards from the manifest's folder when this is true). False by default: such an entry is a
    /// <see cref="DatasetException"/> naming it, raised before any file is opened. Folder layouts never read outside their root.
    /// </summary>
    public bool AllowPathsOutsideRoot { get; set; }

    /// <summary>Returns a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public DatasetReaderOptions Clone() => new() { AllowPathsOutsideRoot = AllowPathsOutsideRoot };
}
