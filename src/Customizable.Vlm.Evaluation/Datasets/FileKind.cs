namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>What a path names, as far as the dataset readers care: only <see cref="Regular"/> files are ever opened.</summary>
internal enum FileKind
{
    /// <summary>Nothing exists at the path (or a symbolic link points nowhere).</summary>
    Missing = 0,

    /// <summary>A regular file (after following symbolic links).</summary>
    Regular = 1,

    /// <summary>A folder.</summary>
    Directory = 2,

    /// <summary>A FIFO, character or block device, socket or other special file: opening it may block forever or never end.</summary>
    Special = 3,
}
