namespace Customizable.Vlm.Orleans;

/// <summary>Where a cluster's profiles live: reads the bytes of a saved profile (<see cref="AnomalyInspector.SaveProfileAsync(InspectionProfile, Stream, CancellationToken)"/>
/// or <c>cvlm customize</c>) by name. The profile grain of a name calls it once per activation.</summary>
/// <remarks>
/// <para>Implement it for a blob store or a database and register it in the silo's services
/// (<c>services.AddSingleton&lt;IProfileSource, MyBlobProfileSource&gt;()</c>) before or after <c>AddCvlmInspection</c>; the built-in
/// <see cref="FileSystemProfileSource"/> is used when none is registered.</para>
/// <para>Thread-safety: called concurrently for different names (one profile grain per name, on any silo).</para>
/// <para>Ownership: the returned array belongs to the caller, which keeps it (do not reuse it).</para>
/// <para>Errors: a name with no profile throws <see cref="ProfileNotFoundException"/>; a name that cannot be a profile name (see
/// <see cref="ProfileNames"/>) throws <see cref="ArgumentException"/>. The bytes are checked where they are parsed, on each silo.</para>
/// </remarks>
public interface IProfileSource
{
    /// <summary>Reads the bytes of the profile called <paramref name="profileName"/>.</summary>
    /// <param name="profileName">The profile's name, valid by <see cref="ProfileNames.Validate"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile's bytes, as saved.</returns>
    /// <exception cref="ProfileNotFoundException">There is no profile of that name.</exception>
    Task<byte[]> ReadProfileAsync(string profileName, CancellationToken cancellationToken = default);
}
