namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Tells regular files from folders, FIFOs, devices and sockets without opening them: opening a FIFO for reading blocks until a
/// writer appears, and a device such as <c>/dev/zero</c> never ends, so the readers look at the file type first.
/// </summary>
/// <remarks>Uses the core library's file-type check (<see cref="Imaging.FileKind"/>, <c>stat</c> through the runtime's native shim),
/// so the image loader and the dataset readers agree on what a regular file is. Stateless and thread-safe.</remarks>
internal static class RegularFiles
{
    /// <summary>Returns what <paramref name="path"/> names, following symbolic links; never opens it.</summary>
    public static FileKind GetKind(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Directory.Exists(path) ? FileKind.Directory
            : Imaging.FileKind.DescribeIfNotRegular(path) is not null ? FileKind.Special
            : File.Exists(path) ? FileKind.Regular
            : FileKind.Missing;
    }

    /// <summary>True when <paramref name="path"/> is a regular file (symbolic links followed).</summary>
    public static bool IsRegular(string path) => GetKind(path) == FileKind.Regular;
}
