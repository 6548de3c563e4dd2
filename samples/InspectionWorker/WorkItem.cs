namespace InspectionWorker;

/// <summary>One completely written image waiting to be inspected.</summary>
/// <param name="FullPath">The image's full path in the input folder.</param>
/// <param name="RelativePath">The path relative to the input folder, with '/' separators (reported in the results).</param>
/// <param name="Profile">The profile to inspect with (from the sub-folder's name or the default), or null when there is none.</param>
public sealed record WorkItem(string FullPath, string RelativePath, string? Profile);
