using System.Globalization;
using System.Text.RegularExpressions;

namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Parses the frame-level ground truth of the UCSD anomaly datasets (<c>UCSDped1.m</c>, <c>UCSDped2.m</c>): one MATLAB line per test
/// clip, <c>TestVideoFile{end+1}.gt_frame = [61:180];</c>, whose ranges are 1-based and inclusive. Entry <c>n</c> (counting from 1)
/// labels test clip <c>n</c>.
/// </summary>
/// <remarks>
/// <para>Accepted per entry: comma- or space-separated ranges <c>a:b</c> and single frames <c>a</c>, and an empty list <c>[]</c> (a
/// clip without anomalous frames); the index may be <c>end+1</c> or the entry's own number. Blank lines, <c>%</c> comments and the
/// opening <c>TestVideoFile = {};</c> are ignored. Anything else is a <see cref="DatasetException"/> naming the file and line.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static partial class UcsdFrameLabels
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">The <c>.m</c> file.</param>
    /// <returns>Per test clip (index 0 = clip 1), its anomalous frame ranges, 1-based and inclusive, in file order.</returns>
    /// <exception cref="DatasetException">The file cannot be read or an entry is malformed (the message names the file and line).</exception>
    public static IReadOnlyList<IReadOnlyList<(int First, int Last)>> Read(string path)
    {
        DatasetFiles.RequireRegular(path, "The frame-label file");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"The frame-label file '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(lines, path);
    }

    /// <summary>Parses the lines of a label file.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="path">The file, for messages.</param>
    /// <returns>Per test clip, its anomalous frame ranges (1-based, inclusive).</returns>
    /// <exception cref="DatasetException">An entry is malformed, or the file has no entry.</exception>
    public static IReadOnlyList<IReadOnlyList<(int First, int Last)>> Parse(IReadOnlyList<string> lines, string path)
    {
        var clips = new List<IReadOnlyList<(int, int)>>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = StripComment(lines[i]).Trim();
            if (line.Length == 0 || Opening().IsMatch(line))
            {
                continue;
            }

            Match entry = Entry().Match(line);
            if (!entry.Success)
            {
                throw Malformed(path, i, lines[i], "expected 'TestVideoFile{end+1}.gt_frame = [first:last];'");
            }

            string index = entry.Groups["index"].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (index != "end+1" && (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n != clips.Count + 1))
            {
                throw Malformed(path, i, lines[i], $"entry index {{{index}}} is not {{end+1}} or {{{clips.Count + 1}}}");
            }

            clips.Add(Ranges(entry.Groups["ranges"].Value, path, i, lines[i]));
        }

        return clips.Count > 0
            ? clips
            : throw new DatasetException(path, $"The frame-label file '{path}' has no 'TestVideoFile{{end+1}}.gt_frame = [...]' entry.", null);
    }

    private static List<(int, int)> Ranges(string text, string path, int line, string raw)
    {
        var ranges = new List<(int, int)>();
        foreach (string part in text.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            string[] bounds = part.Split(':');
            if (bounds.Length > 2 || !TryFrame(bounds[0], out int first) || !TryFrame(bounds[^1], out int last))
            {
                throw Malformed(path, line, raw, $"'{part}' is not a frame number or a range first:last of 1-based frame numbers");
            }

            if (last < first)
            {
                throw Malformed(path, line, raw, $"the range {first}:{last} ends before it starts");
            }

            ranges.Add((first, last));
        }

        return ranges;
    }

    private static bool TryFrame(string text, out int frame) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out frame) && frame >= 1;

    private static string StripComment(string line)
    {
        int at = line.IndexOf('%', StringComparison.Ordinal);
        return at < 0 ? line : line[..at];
    }

    private static DatasetException Malformed(string path, int line, string raw, string why) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"The frame-label file '{path}' is malformed at line {line + 1} ('{raw.Trim()}'): {why}."), null);

    [GeneratedRegex(@"^TestVideoFile\s*=\s*\{\s*\}\s*;?$", RegexOptions.CultureInvariant)]
    private static partial Regex Opening();

    [GeneratedRegex(@"^TestVideoFile\s*\{\s*(?<index>end\s*\+\s*1|\d+)\s*\}\s*\.\s*gt_frame\s*=\s*\[(?<ranges>[^\[\]]*)\]\s*;?$", RegexOptions.CultureInvariant)]
    private static partial Regex Entry();
}
