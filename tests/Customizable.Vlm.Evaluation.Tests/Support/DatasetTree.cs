using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>A dataset folder tree in a fresh temp folder (deleted on dispose), with builders for every supported layout.</summary>
internal sealed class DatasetTree : IDisposable
{
    public const int DefaultSize = 64;

    public DatasetTree()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cvlm-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>MVTec AD: CAT/train/good, CAT/test/good and CAT/test/&lt;defect&gt;, CAT/ground_truth/&lt;defect&gt;/NNN_mask.png.</summary>
    public static DatasetTree MvtecAd(string category = "widget", int train = 4, int good = 3, string[]? defects = null, int perDefect = 3, bool masks = true, int size = DefaultSize)
    {
        var tree = new DatasetTree();
        int seed = 0;
        for (int i = 0; i < train; i++)
        {
            tree.Image($"{category}/train/good/{i:000}.png", seed++, null, size);
        }

        for (int i = 0; i < good; i++)
        {
            tree.Image($"{category}/test/good/{i:000}.png", seed++, null, size);
        }

        foreach (string defect in defects ?? ["scratch"])
        {
            for (int i = 0; i < perDefect; i++)
            {
                PixelRect rect = PartImages.DefectAt(seed, size);
                tree.Image($"{category}/test/{defect}/{i:000}.png", seed++, rect, size);
                if (masks)
                {
                    tree.Mask($"{category}/ground_truth/{defect}/{i:000}_mask.png", size, size, rect);
                }
            }
        }

        return tree;
    }

    /// <summary>MVTec 3D-AD (RGB + gt): CAT/train/good/rgb, CAT/test/&lt;type&gt;/{rgb,gt,xyz}.</summary>
    public static DatasetTree Mvtec3d(string category = "tire", int train = 4, int good = 3, string[]? defects = null, int perDefect = 3, int size = DefaultSize)
    {
        var tree = new DatasetTree();
        int seed = 0;
        for (int i = 0; i < train; i++)
        {
            tree.Image($"{category}/train/good/rgb/{i:000}.png", seed++, null, size);
        }

        foreach ((string type, int count) in new[] { ("good", good) }.Concat((defects ?? ["cut"]).Select(d => (d, perDefect))))
        {
            Directory.CreateDirectory(tree.Path($"{category}/test/{type}/xyz"));
            for (int i = 0; i < count; i++)
            {
                PixelRect? rect = type == "good" ? null : PartImages.DefectAt(seed, size);
                tree.Image($"{category}/test/{type}/rgb/{i:000}.png", seed++, rect, size);
                tree.Mask($"{category}/test/{type}/gt/{i:000}.png", size, size, rect);
            }
        }

        return tree;
    }

    /// <summary>MVTec LOCO: CAT/train/good, CAT/test/{good,logical_anomalies}, masks NNN.png or NNN/000.png (+ 001.png).</summary>
    public static DatasetTree Loco(string category = "juice_bottle", int train = 4, int good = 3, int anomalies = 3, bool maskFolders = true, bool withGood = true, int size = DefaultSize)
    {
        var tree = new DatasetTree();
        int seed = 0;
        for (int i = 0; i < train; i++)
        {
            tree.Image($"{category}/train/good/{i:000}.png", seed++, null, size);
        }

        for (int i = 0; withGood && i < good; i++)
        {
            tree.Image($"{category}/test/good/{i:000}.png", seed++, null, size);
        }

        for (int i = 0; i < anomalies; i++)
        {
            PixelRect rect = PartImages.DefectAt(seed, size);
            tree.Image($"{category}/test/logical_anomalies/{i:000}.png", seed++, rect, size);
            if (maskFolders)
            {
                // Two masks per image, each covering one half of the defect: the reader must unite them.
                var left = new PixelRect(rect.X, rect.Y, rect.Width / 2, rect.Height);
                var right = new PixelRect(rect.X + (rect.Width / 2), rect.Y, rect.Width - (rect.Width / 2), rect.Height);
                tree.Mask($"{category}/ground_truth/logical_anomalies/{i:000}/000.png", size, size, left);
                tree.Mask($"{category}/ground_truth/logical_anomalies/{i:000}/001.png", size, size, right);
            }
            else
            {
                tree.Mask($"{category}/ground_truth/logical_anomalies/{i:000}.png", size, size, rect);
            }
        }

        return tree;
    }

    /// <summary>
    /// The original manifest: data/&lt;category&gt;/test/{good,crack}/NNN.png and &lt;manifestFolder&gt;/manifest.json whose paths are
    /// relative to the tree's root with backslashes (as the original repository's are relative to its root). With the default
    /// <paramref name="manifestFolder"/> the manifest lies in the root, so its paths stay inside its folder.
    /// </summary>
    public static DatasetTree Manifest(string category = "bottle", int good = 4, int anomalous = 3, int size = DefaultSize, string manifestFolder = "")
    {
        var tree = new DatasetTree();
        var entries = new List<object>();
        int seed = 0;
        for (int i = 0; i < good; i++)
        {
            tree.Image($"data/{category}/test/good/{i:000}.png", seed++, null, size);
        }

        for (int i = 0; i < good; i++)
        {
            entries.Add(Entry(category, $"data\\{category}\\test\\good\\{i:000}.png", $"data\\{category}\\test\\good\\{i:000}.png", 1, "good"));
        }

        for (int i = 0; i < anomalous; i++)
        {
            tree.Image($"data/{category}/test/crack/{i:000}.png", seed, PartImages.DefectAt(seed, size), size);
            seed++;
            entries.Add(Entry(category, $"data\\{category}\\test\\crack\\{i:000}.png", $"data\\{category}\\test\\good\\{i % good:000}.png", 0, "crack"));
        }

        entries.Add(Entry("other", $"data\\{category}\\test\\good\\000.png", $"data\\{category}\\test\\good\\000.png", 1, "good"));
        tree.Text(manifestFolder.Length == 0 ? "manifest.json" : manifestFolder + "/manifest.json", JsonSerializer.Serialize(entries));
        return tree;
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public string Image(string relative, int seed, PixelRect? defect = null, int size = DefaultSize)
    {
        string path = Prepare(relative);
        using Image<Rgb24> image = PartImages.Part(seed, size, defect);
        image.SaveAsPng(path);
        return path;
    }

    public string Mask(string relative, int width, int height, PixelRect? rect, byte value = 255)
    {
        string path = Prepare(relative);
        using var mask = new Image<L8>(width, height);
        if (rect is { } r)
        {
            for (int y = r.Y; y < r.Bottom; y++)
            {
                for (int x = r.X; x < r.Right; x++)
                {
                    mask[x, y] = new L8(value);
                }
            }
        }

        mask.SaveAsPng(path);
        return path;
    }

    public string Text(string relative, string text)
    {
        string path = Prepare(relative);
        File.WriteAllText(path, text);
        return path;
    }

    public void Delete(string relative)
    {
        string path = Path(relative);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, object> Entry(string type, string defect, string good, int label, string defectType) => new()
    {
        ["object_type"] = type,
        ["defect_img_path"] = defect,
        ["good_img_path"] = good,
        ["label"] = label,
        ["defect_type"] = defectType,
    };

    private string Prepare(string relative)
    {
        string path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }
}
