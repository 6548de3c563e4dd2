namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads one category of a dataset in any supported <see cref="DatasetLayout"/>, detecting the layout when it is not given.
/// </summary>
/// <remarks>
/// <para>Folder layouts: <c>datasetPath</c> is the folder that holds the category folders (e.g. the extracted MVTec AD download),
/// or the category folder itself. Manifest: <c>datasetPath</c> is the JSON file, or a folder holding exactly one JSON file.</para>
/// <para>Every problem is a <see cref="DatasetException"/> naming the path: unknown layout, missing category, folder or mask, empty
/// split, malformed manifest. Nothing is ever silently skipped. Image contents are not decoded here (the runner checks them).</para>
/// <para>Nothing outside the dataset is read: a folder layout's <c>category</c> is a folder name directly in the dataset folder, and a
/// manifest's paths must stay inside the manifest's folder unless <see cref="DatasetReaderOptions.AllowPathsOutsideRoot"/> is set.
/// Only regular files are accepted: a FIFO, device or socket named like an image, mask or manifest is an error and is never opened.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class DatasetReader
{
    /// <summary>Reads a category.</summary>
    /// <param name="datasetPath">The dataset folder (or category folder, or manifest file).</param>
    /// <param name="category">The category, e.g. <c>tire</c> (the manifest's <c>object_type</c>); for folder layouts the name of a folder
    /// directly in the dataset folder (no path separators, not <c>..</c>).</param>
    /// <param name="layout">The layout; null to detect it with <see cref="DetectLayout"/>.</param>
    /// <returns>The training and test items.</returns>
    /// <exception cref="DatasetException">The dataset cannot be read; the message names the path.</exception>
    public static EvaluationDataset Read(string datasetPath, string category, DatasetLayout? layout = null) =>
        Read(datasetPath, category, layout, null);

    /// <summary>Reads a category with options (for example whether a manifest may name images outside its folder).</summary>
    /// <param name="datasetPath">The dataset folder (or category folder, or manifest file).</param>
    /// <param name="category">The category, e.g. <c>tire</c> (the manifest's <c>object_type</c>); for folder layouts the name of a folder
    /// directly in the dataset folder (no path separators, not <c>..</c>).</param>
    /// <param name="layout">The layout; null to detect it with <see cref="DetectLayout"/>.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <returns>The training and test items.</returns>
    /// <exception cref="DatasetException">The dataset cannot be read; the message names the path. When <paramref name="layout"/> is given
    /// and the folder looks like another layout, the message names that layout.</exception>
    public static EvaluationDataset Read(string datasetPath, string category, DatasetLayout? layout, DatasetReaderOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        string full = Path.GetFullPath(datasetPath);
        bool allowOutsideRoot = options?.AllowPathsOutsideRoot ?? false;
        if (layout is not { } given)
        {
            return ReadAs(full, category, DetectLayout(full, category), allowOutsideRoot);
        }

        try
        {
            return ReadAs(full, category, given, allowOutsideRoot);
        }
        catch (DatasetException ex) when (LooksLikeAnother(full, category, given) is { } other)
        {
            string name = GetLayoutName(other);
            throw new DatasetException(
                ex.Path ?? full,
                $"{ex.Message} The dataset looks like the '{name}' layout, not '{GetLayoutName(given)}': pass --layout {name}, or leave --layout out to detect it.",
                ex);
        }
    }

    /// <summary>Detects the layout of a category from its folder structure.</summary>
    /// <param name="datasetPath">The dataset folder (or category folder, or manifest file).</param>
    /// <param name="category">The category.</param>
    /// <returns>
    /// <see cref="DatasetLayout.Manifest"/> for a JSON file (or a folder without the category holding one JSON file);
    /// <see cref="DatasetLayout.AnomalyShapeNet"/> when the test folder holds <c>.pcd</c> or <c>.ply</c> files directly;
    /// <see cref="DatasetLayout.Mvtec3dAd"/> when a test type folder has an <c>rgb</c> folder; <see cref="DatasetLayout.Mvtec3dAdXyz"/>
    /// when none has but one has an <c>xyz</c> folder; <see cref="DatasetLayout.MvtecLoco"/>
    /// when the test folder has <c>logical_anomalies</c> or <c>structural_anomalies</c>; <see cref="DatasetLayout.Ucsd"/> when the category
    /// folder has <c>testing/frames</c>; otherwise <see cref="DatasetLayout.MvtecAd"/>
    /// when the test type folders hold images.
    /// </returns>
    /// <exception cref="DatasetException">The path does not exist, the category is missing, or no layout matches.</exception>
    public static DatasetLayout DetectLayout(string datasetPath, string category)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        string full = Path.GetFullPath(datasetPath);
        if (File.Exists(full))
        {
            DatasetFiles.RequireRegular(full, "The dataset path");
            return string.Equals(Path.GetExtension(full), ".json", StringComparison.OrdinalIgnoreCase)
                ? DatasetLayout.Manifest
                : throw new DatasetException(full, $"'{full}' is a file but not a JSON manifest; pass the dataset folder or a .json manifest.", null);
        }

        if (!Directory.Exists(full))
        {
            throw new DatasetException(full, $"The dataset path '{full}' does not exist.", null);
        }

        if (TryFindCategory(full, category) is not { } categoryFolder)
        {
            if (Directory.GetFiles(full, "*.json").Length == 1)
            {
                return DatasetLayout.Manifest;
            }

            throw CategoryMissing(full, category);
        }

        if (UcsdReader.Matches(categoryFolder))
        {
            return DatasetLayout.Ucsd;
        }

        if (AnomalyShapeNetReader.Looks(categoryFolder))
        {
            return DatasetLayout.AnomalyShapeNet;
        }

        string test = Path.Combine(categoryFolder, "test");
        if (Directory.Exists(test))
        {
            string[] types = Directory.GetDirectories(test);
            if (types.Any(t => Directory.Exists(Path.Combine(t, "rgb"))))
            {
                return DatasetLayout.Mvtec3dAd;
            }

            if (types.Any(t => Directory.Exists(Path.Combine(t, "xyz"))))
            {
                return DatasetLayout.Mvtec3dAdXyz;
            }

            if (types.Any(t => Path.GetFileName(t) is "logical_anomalies" or "structural_anomalies"))
            {
                return DatasetLayout.MvtecLoco;
            }

            if (types.Any(t => Directory.EnumerateFiles(t).Any(DatasetFiles.IsImage)))
            {
                return DatasetLayout.MvtecAd;
            }
        }

        throw new DatasetException(
            categoryFolder,
            $"The layout of '{categoryFolder}' is not recognised: expected test/<type>/*.png (MVTec AD), test/<type>/rgb or test/<type>/xyz (MVTec 3D-AD), " +
            "test/logical_anomalies or test/structural_anomalies (MVTec LOCO), testing/frames/NN (UCSD), or a .json manifest. Pass --layout to choose one.",
            null);
    }

    private static EvaluationDataset ReadAs(string full, string category, DatasetLayout layout, bool allowOutsideRoot)
    {
        if (layout == DatasetLayout.Manifest)
        {
            return ManifestReader.Read(FindManifest(full), category, allowOutsideRoot);
        }

        (string root, string folder) = FindCategory(full, category);
        return layout switch
        {
            DatasetLayout.MvtecAd => MvtecAdReader.Read(root, folder, category),
            DatasetLayout.Mvtec3dAd => Mvtec3dAdReader.Read(root, folder, category),
            DatasetLayout.MvtecLoco => MvtecLocoReader.Read(root, folder, category),
            DatasetLayout.Ucsd => UcsdReader.Read(root, folder, category),
            DatasetLayout.AnomalyShapeNet => AnomalyShapeNetReader.Read(root, folder, category),
            DatasetLayout.Mvtec3dAdXyz => Mvtec3dAdXyzReader.Read(root, folder, category),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown layout."),
        };
    }

    /// <summary>The detected layout when it differs from <paramref name="given"/>; null when it is the same or none is recognised.</summary>
    private static DatasetLayout? LooksLikeAnother(string full, string category, DatasetLayout given)
    {
        try
        {
            DatasetLayout detected = DetectLayout(full, category);
            return detected != given ? detected : null;
        }
        catch (DatasetException)
        {
            return null;
        }
    }

    /// <summary>Parses a command-line layout name: <c>mvtec</c>, <c>mvtec3d</c>, <c>loco</c>, <c>manifest</c>, <c>ucsd</c>, <c>anomaly-shapenet</c> or <c>mvtec3d-xyz</c> (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentException">The name is not one of them.</exception>
    public static DatasetLayout ParseLayout(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "MVTEC" => DatasetLayout.MvtecAd,
            "MVTEC3D" => DatasetLayout.Mvtec3dAd,
            "LOCO" => DatasetLayout.MvtecLoco,
            "MANIFEST" => DatasetLayout.Manifest,
            "UCSD" => DatasetLayout.Ucsd,
            "ANOMALY-SHAPENET" => DatasetLayout.AnomalyShapeNet,
            "MVTEC3D-XYZ" => DatasetLayout.Mvtec3dAdXyz,
            _ => throw new ArgumentException($"Unknown layout '{name}'; use one of: {string.Join(", ", LayoutNames)}.", nameof(name)),
        };
    }

    /// <summary>Gets the command-line names of the layouts, in <see cref="DatasetLayout"/> order.</summary>
    public static IReadOnlyList<string> LayoutNames { get; } = ["mvtec", "mvtec3d", "loco", "manifest", "ucsd", "anomaly-shapenet", "mvtec3d-xyz"];

    /// <summary>Returns the command-line name of a layout (the value <see cref="ParseLayout"/> accepts).</summary>
    /// <param name="layout">The layout.</param>
    /// <returns>The name, e.g. <c>mvtec3d</c>.</returns>
    public static string GetLayoutName(DatasetLayout layout) =>
        (int)layout >= 0 && (int)layout < LayoutNames.Count ? LayoutNames[(int)layout] : throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown layout.");

    private static (string Root, string Folder) FindCategory(string full, string category)
    {
        if (!Directory.Exists(full))
        {
            throw new DatasetException(full, $"The dataset folder '{full}' does not exist.", null);
        }

        string folder = TryFindCategory(full, category) ?? throw CategoryMissing(full, category);
        return (Path.GetDirectoryName(folder)!, folder);
    }

    private static string? TryFindCategory(string full, string category)
    {
        if (!DatasetFiles.IsFolderName(category))
        {
            return null;
        }

        string candidate = Path.Combine(full, category);
        if (Directory.Exists(candidate))
        {
            return candidate;
        }

        // The path may be the category folder itself.
        string trimmed = Path.TrimEndingDirectorySeparator(full);
        return string.Equals(Path.GetFileName(trimmed), category, StringComparison.Ordinal) && (Directory.Exists(Path.Combine(trimmed, "test")) || UcsdReader.Matches(trimmed))
            ? trimmed
            : null;
    }

    private static DatasetException CategoryMissing(string full, string category) =>
        DatasetFiles.IsFolderName(category)
            ? new(Path.Combine(full, category), $"Category '{category}' was not found in '{full}'; {DatasetFiles.Available(full)}.", null)
            : new(full, $"Category '{category}' must be the name of a folder directly in '{full}' (no path separators, not '.' or '..'); {DatasetFiles.Available(full)}.", null);

    private static string FindManifest(string full)
    {
        if (File.Exists(full))
        {
            DatasetFiles.RequireRegular(full, "The manifest");
            return full;
        }

        if (!Directory.Exists(full))
        {
            throw new DatasetException(full, $"The manifest '{full}' does not exist.", null);
        }

        string[] candidates = Directory.GetFiles(full, "*.json");
        if (candidates.Length == 1)
        {
            DatasetFiles.RequireRegular(candidates[0], "The manifest");
        }

        return candidates.Length == 1
            ? candidates[0]
            : throw new DatasetException(full, $"The folder '{full}' holds {candidates.Length} JSON files; pass the manifest file itself.", null);
    }
}
