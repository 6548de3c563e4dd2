using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Cli.Inputs;

/// <summary>
/// Expands command-line paths into inputs of one modality each: images, point clouds or videos.
/// </summary>
/// <remarks>
/// <para>A file is classified by <see cref="InputFiles"/>. A folder stands for the inputs directly in it: its files (those of
/// unknown extension, hidden ones and text files without numbers are skipped) and its sub-folders that hold frames (image files),
/// each of which is one video clip. A folder must hold one modality: images and videos, or clouds and images, side by side are a
/// usage error (exit code 2), so a profile is never built from a mix by accident. When <c>framesAreClip</c> is set (inspecting with
/// a profile customized from videos), a folder that directly holds only images is itself one clip.</para>
/// <para>Only regular files are read: a FIFO, device or socket is an error and is never opened. Stateless and thread-safe.</para>
/// </remarks>
internal static class InputArguments
{
    /// <summary>Returns the inputs named by <paramref name="paths"/>, folders expanded in ordinal order.</summary>
    /// <param name="paths">Files and folders, as given.</param>
    /// <param name="what">What the inputs are, for messages ("reference", "input").</param>
    /// <param name="framesAreClip">Whether a folder that directly holds only images is one video clip rather than a set of images.</param>
    /// <param name="reader">Probes GIFs (no ffmpeg involved).</param>
    /// <param name="cancellationToken">Cancels the probes.</param>
    /// <returns>The inputs.</returns>
    /// <exception cref="CliInputException">A path does not exist, is not a regular file, or a folder holds no input.</exception>
    /// <exception cref="CliUsageException">A folder mixes modalities.</exception>
    public static async Task<List<InputItem>> ExpandAsync(IEnumerable<string> paths, string what, bool framesAreClip, VideoFrameReader reader, CancellationToken cancellationToken)
    {
        var items = new List<InputItem>();
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            switch (RegularFiles.GetKind(full))
            {
                case FileKind.Directory:
                    items.AddRange(await ExpandFolderAsync(full, what, framesAreClip, reader, cancellationToken).ConfigureAwait(false));
                    break;
                case FileKind.Regular:
                    items.Add(new InputItem(full, await InputFiles.ClassifyNamedAsync(full, reader, cancellationToken).ConfigureAwait(false)));
                    break;
                case FileKind.Special:
                    RequireRegular(full, what);
                    break;
                default:
                    throw new CliInputException($"The {what} '{full}' does not exist.");
            }
        }

        return items;
    }

    /// <summary>Throws a usage error when <paramref name="items"/> hold more than one modality (e.g. references given as several paths).</summary>
    public static void RequireOneModality(IReadOnlyList<InputItem> items, string what)
    {
        List<InputItem> firsts = [.. items.GroupBy(i => i.Modality).Select(g => g.First())];
        if (firsts.Count > 1)
        {
            throw new CliUsageException(
                $"The {what}s mix modalities: {Examples(firsts)}. One profile is built from one modality: pass images, point clouds or videos, not a mix.");
        }
    }

    private static async Task<List<InputItem>> ExpandFolderAsync(string folder, string what, bool framesAreClip, VideoFrameReader reader, CancellationToken cancellationToken)
    {
        var items = new List<InputItem>();
        foreach (string file in Directory.EnumerateFiles(folder).Where(InputFiles.HasKnownExtension).Order(StringComparer.Ordinal))
        {
            RequireRegular(file, what);
            if (await InputFiles.ClassifyAsync(file, reader, cancellationToken).ConfigureAwait(false) is { } modality)
            {
                items.Add(new InputItem(file, modality));
            }
        }

        foreach (string sub in Directory.EnumerateDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
        {
            if (Directory.EnumerateFiles(sub).Any(DatasetFiles.IsImage))
            {
                items.Add(new InputItem(sub, ObservationModality.Video));
            }
        }

        if (items.Count == 0)
        {
            throw new CliInputException($"The {what} folder '{folder}' holds no images, point clouds or videos ({InputFiles.ExtensionsText}).");
        }

        List<InputItem> firsts = [.. items.GroupBy(i => i.Modality).Select(g => g.First())];
        if (firsts.Count > 1)
        {
            throw new CliUsageException(
                $"The {what} folder '{folder}' mixes modalities: {Examples(firsts)}. A folder holds one modality: images, point clouds, or videos " +
                "(video files, animated GIFs and sub-folders of frames, one clip each); put each modality in its own folder.");
        }

        return framesAreClip && firsts[0].Modality == ObservationModality.Image ? [new InputItem(folder, ObservationModality.Video)] : items;
    }

    private static string Examples(IEnumerable<InputItem> firsts) =>
        string.Join(", ", firsts.Select(i => $"'{Path.GetFileName(i.Path)}' is {i.Describe()}"));

    private static void RequireRegular(string path, string what)
    {
        if (!RegularFiles.IsRegular(path))
        {
            throw new CliInputException($"The {what} '{path}' is not a regular file (a FIFO, device or socket); it was not opened.");
        }
    }
}
