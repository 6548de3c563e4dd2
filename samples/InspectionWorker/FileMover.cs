using System.Globalization;

namespace InspectionWorker;

/// <summary>Moves finished images out of the input folder, keeping their sub-folder and never overwriting an earlier file.</summary>
internal static class FileMover
{
    /// <summary>Moves an image into <paramref name="folder"/> under its relative path; a name already taken gets a counter
    /// (<c>a-1.png</c>).</summary>
    /// <returns>The new full path.</returns>
    public static string Move(WorkItem item, string folder)
    {
        string target = Path.Combine(folder, item.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string stem = Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileNameWithoutExtension(target));
        string extension = Path.GetExtension(target);
        for (int n = 1; ; n++)
        {
            try
            {
                File.Move(item.FullPath, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) && File.Exists(item.FullPath) && n < 10_000)
            {
                target = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}{extension}");
            }
        }
    }

    /// <summary>Moves an image into the failed folder and writes <c>&lt;name&gt;.error.txt</c> beside it.</summary>
    /// <returns>The new full path of the image.</returns>
    public static string MoveToFailed(WorkItem item, string folder, Exception error, DateTimeOffset utc)
    {
        string target = Move(item, folder);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"file: {item.RelativePath}\nprofile: {item.Profile ?? "(none)"}\nutc: {utc:O}\nerror: {error.GetType().FullName}\nmessage: {error.Message}\n");
        File.WriteAllText(target + ".error.txt", text);
        return target;
    }
}
