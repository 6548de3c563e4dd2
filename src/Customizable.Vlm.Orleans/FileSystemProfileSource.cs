using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Orleans;

/// <summary>Profiles in a folder: profile <c>tire</c> is the file <c>tire.cvlm</c> in <see cref="CvlmInspectionOptions.ProfileDirectory"/>
/// (a volume every silo mounts, or a folder copied into each silo's image).</summary>
/// <remarks>
/// <para>Thread-safety: all members may be called concurrently. Files are opened for reading with sharing, so a profile can be
/// replaced atomically (written beside and renamed over, as <see cref="AnomalyInspector.SaveProfileAsync(InspectionProfile, string, CancellationToken)"/>
/// does) while silos read it; silos that already hold it keep their copy until the profile grain is collected (see
/// <see cref="CvlmInspectionOptions.ProfileKeepAlive"/>): publish a changed profile under a new name to switch at once.</para>
/// <para>Ownership: holds no open file between calls.</para>
/// </remarks>
public sealed class FileSystemProfileSource : IProfileSource
{
    private readonly string _directory;
    private readonly string _extension;

    /// <summary>Initializes a new source over <see cref="CvlmInspectionOptions.ProfileDirectory"/>.</summary>
    /// <param name="options">The silo's inspection options.</param>
    /// <exception cref="InvalidOperationException"><see cref="CvlmInspectionOptions.ProfileDirectory"/> is not set.</exception>
    public FileSystemProfileSource(IOptions<CvlmInspectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CvlmInspectionOptions value = options.Value;
        if (string.IsNullOrWhiteSpace(value.ProfileDirectory))
        {
            throw new InvalidOperationException(
                "The file-system profile source needs CvlmInspectionOptions.ProfileDirectory (configuration key 'ProfileDirectory' of the inspection section), or register another IProfileSource.");
        }

        _directory = Path.GetFullPath(value.ProfileDirectory);
        _extension = value.ProfileFileExtension;
    }

    /// <summary>Gets the full path of the profile folder.</summary>
    public string Directory => _directory;

    /// <inheritdoc/>
    public async Task<byte[]> ReadProfileAsync(string profileName, CancellationToken cancellationToken = default)
    {
        ProfileNames.Validate(profileName, nameof(profileName));
        string path = Path.Combine(_directory, profileName + _extension);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ProfileNotFoundException(profileName, $"There is no profile '{profileName}': '{profileName + _extension}' is not in the profile folder.", ex);
        }
    }
}
