using System.Collections.Concurrent;
using Customizable.Vlm.Orleans.Grains;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Orleans.Silo;

/// <summary>The profiles this silo has parsed, by name: the first request for a name fetches the bytes from the name's
/// <see cref="IProfileGrain"/> and parses them with the silo's inspector, once; concurrent requests share that load. A failed load is
/// forgotten, so the next request tries again. Entries live as long as the silo.</summary>
internal sealed partial class SiloProfileCache(IGrainFactory grains, SiloInspector inspector, ILogger<SiloProfileCache> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<InspectionProfile>>> _profiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _loads = new(StringComparer.Ordinal);

    /// <summary>Gets how many loads (fetch and parse) of a profile this silo has started, successful or not.</summary>
    public int LoadsOf(string profileName) => _loads.TryGetValue(profileName, out int count) ? count : 0;

    /// <summary>Gets the parsed profile, loading it on first use.</summary>
    /// <param name="profileName">The profile's name.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a load other callers share goes on.</param>
    public Task<InspectionProfile> GetAsync(string profileName, CancellationToken cancellationToken)
    {
        Lazy<Task<InspectionProfile>> entry = _profiles.GetOrAdd(profileName, name => new Lazy<Task<InspectionProfile>>(() => LoadAsync(name)));
        Task<InspectionProfile> load = entry.Value;
        if (!load.IsCompletedSuccessfully)
        {
            // Forget a failed load (only this entry: a newer one may already be loading), so the next request tries again.
            _ = load.ContinueWith(
                (t, state) =>
                {
                    if (!t.IsCompletedSuccessfully)
                    {
                        _profiles.TryRemove(new KeyValuePair<string, Lazy<Task<InspectionProfile>>>(profileName, (Lazy<Task<InspectionProfile>>)state!));
                    }
                },
                entry,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return load.WaitAsync(cancellationToken);
    }

    private async Task<InspectionProfile> LoadAsync(string profileName)
    {
        _loads.AddOrUpdate(profileName, 1, (_, count) => count + 1);
        ProfileReply reply = await grains.GetGrain<IProfileGrain>(profileName).GetBytesAsync().ConfigureAwait(false);
        byte[] bytes = reply.Bytes ?? throw new ProfileNotFoundException(profileName, reply.NotFoundMessage, null);
        using var stream = new MemoryStream(bytes, writable: false);
        InspectionProfile profile = await inspector.Inspector.LoadProfileAsync(stream, profileName).ConfigureAwait(false);
        Log.Loaded(logger, profileName, bytes.Length);
        return profile;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Profile {Profile} loaded into this silo ({Bytes} bytes).")]
        public static partial void Loaded(ILogger logger, string profile, int bytes);
    }
}
