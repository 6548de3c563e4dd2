using System.Globalization;

namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>Reads an Anomaly-ShapeNet ground-truth file: one line per point, the label (0 or 1) last after x, y, z, separated by
/// commas or white space.</summary>
internal static class PointLabels
{
    /// <summary>Reads the labels and checks that there is one per point of the cloud.</summary>
    /// <exception cref="DatasetException">The file cannot be read, a line is malformed, or the line count differs from
    /// <paramref name="pointCount"/>; the message names the file.</exception>
    public static bool[] Read(string path, int pointCount, string cloudPath)
    {
        var labels = new List<bool>(pointCount);
        int lineNumber = 0;
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                lineNumber++;
                ReadOnlySpan<char> text = line.AsSpan().Trim();
                if (text.IsEmpty)
                {
                    continue;
                }

                if (labels.Count >= pointCount)
                {
                    labels.Add(false);
                    continue; // counted for the message below; the values do not matter
                }

                int cut = text.LastIndexOfAny(", \t;");
                ReadOnlySpan<char> last = cut < 0 ? text : text[(cut + 1)..];
                if (cut < 0 || !double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value is not (0 or 1))
                {
                    throw new DatasetException(path, $"Line {lineNumber} of the ground-truth file '{path}' is not 'x,y,z,label' with label 0 or 1: '{Cut(line)}'.", null);
                }

                labels.Add(value == 1);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"The ground-truth file '{path}' cannot be read: {ex.Message}", ex);
        }

        if (labels.Count != pointCount)
        {
            throw new DatasetException(
                path,
                $"The ground-truth file '{path}' has {labels.Count} point lines but the cloud '{cloudPath}' has {pointCount} points; " +
                "it needs one x,y,z,label line per point, in the cloud's point order.",
                null);
        }

        return [.. labels];
    }

    private static string Cut(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
