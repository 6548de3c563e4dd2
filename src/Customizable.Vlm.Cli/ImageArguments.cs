using Customizable.Vlm.Evaluation.Datasets;

namespace Customizable.Vlm.Cli;

/// <summary>Expands command-line paths into image files: a folder stands for the images directly in it.</summary>
/// <remarks>The extensions are the dataset readers' (<see cref="DatasetFiles.ImageExtensionList"/>), so help, errors and docs list the
/// same ones. Only regular files are accepted: a FIFO, device or socket is an error and is never opened.</remarks>
internal static class ImageArguments
{
    /// <summary>The accepted extensions as help texts write them.</summary>
    public static string ExtensionsText => DatasetFiles.ImageExtensionsText;

    /// <summary>Returns the image files named by <paramref name="paths"/>, folders expanded in ordinal order.</summary>
    /// <exception cref="CliInputException">A path does not exist, is not a regular file, or a folder holds no image.</exception>
    public static List<string> Expand(IEnumerable<string> paths, string what)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            switch (RegularFiles.GetKind(full))
            {
                case FileKind.Directory:
                    List<string> images = [.. Directory.EnumerateFiles(full).Where(DatasetFiles.IsImage).Order(StringComparer.Ordinal)];
                    if (images.Count == 0)
                    {
                        throw new CliInputException($"The {what} folder '{full}' holds no images ({ExtensionsText}).");
                    }

                    images.ForEach(image => RequireRegular(image, what));
                    files.AddRange(images);
                    break;
                case FileKind.Regular:
                    files.Add(full);
                    break;
                case FileKind.Special:
                    RequireRegular(full, what);
                    break;
                default:
                    throw new CliInputException($"The {what} '{full}' does not exist.");
            }
        }

        return files;
    }

    private static void RequireRegular(string path, string what)
    {
        if (!RegularFiles.IsRegular(path))
        {
            throw new CliInputException($"The {what} '{path}' is not a regular file (a FIFO, device or socket); it was not opened.");
        }
    }
}
