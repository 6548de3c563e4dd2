using System.Diagnostics;
using Customizable.Vlm.Diagnostics;
using Customizable.Vlm.Profiles;

namespace Customizable.Vlm;

/// <content>Profiles to and from streams: for profiles kept elsewhere than in a file (a blob store, a database, a grain's memory).</content>
public sealed partial class AnomalyInspector
{
    /// <summary>Writes a profile to a stream, in the same format as <see cref="SaveProfileAsync(InspectionProfile, string, CancellationToken)"/>
    /// (magic, version, length, payload, SHA-256), so that the bytes can be kept anywhere and loaded with
    /// <see cref="LoadProfileAsync(Stream, string?, CancellationToken)"/> on this or any other machine.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="destination">The stream written to, from its current position; it is neither flushed to disk nor closed (the caller
    /// owns it). Nothing is written when serialization fails.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the profile's bytes are written.</returns>
    public async Task SaveProfileAsync(InspectionProfile profile, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new MemoryStream();
        await Task.Run(() => ProfileSerializer.Write(buffer, profile, _builder), cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a profile written by <see cref="SaveProfileAsync(InspectionProfile, Stream, CancellationToken)"/> or saved to a file,
    /// from a stream. The same checks as <see cref="LoadProfileAsync(string, CancellationToken)"/> apply: magic, version and length
    /// (against the stream's remaining length when it is seekable), the checksum, and whether this inspector's reasoner can use the
    /// reference model.</summary>
    /// <param name="source">The stream, read from its current position to the profile's end; not closed (the caller owns it).</param>
    /// <param name="name">A name for the profile in error messages (a file name, a blob name), or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="InvalidProfileException">The bytes are not a profile, are truncated, tampered with, of an unsupported version,
    /// hold out-of-range values, or need another reasoner or other reasoner settings.</exception>
    public async Task<InspectionProfile> LoadProfileAsync(Stream source, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return await LoadWithTelemetryAsync(() => Task.Run(() => ProfileSerializer.Read(source, _builder, name), cancellationToken)).ConfigureAwait(false);
    }
}
