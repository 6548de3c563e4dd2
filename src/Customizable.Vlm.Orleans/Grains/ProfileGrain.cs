using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Orleans.Grains;

/// <summary>Holds one profile's bytes, read once per activation from the silo's <see cref="IProfileSource"/>; kept active for
/// <see cref="CvlmInspectionOptions.ProfileKeepAlive"/> after the last call. Not reentrant, so concurrent first calls read the source
/// once. A name the source does not have deactivates the grain, so that a profile published later is found.</summary>
internal sealed partial class ProfileGrain(IProfileSource source, IOptions<CvlmInspectionOptions> options, ILogger<ProfileGrain> logger) : Grain, IProfileGrain
{
    private byte[]? _bytes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(options.Value.ProfileKeepAlive);
        return Task.CompletedTask;
    }

    public async Task<ProfileReply> GetBytesAsync(CancellationToken cancellationToken = default)
    {
        if (_bytes is null)
        {
            string name = this.GetPrimaryKeyString();
            try
            {
                ProfileNames.Validate(name, "profileName");
                _bytes = await source.ReadProfileAsync(name, cancellationToken).ConfigureAwait(true);
            }
            catch (ProfileNotFoundException ex)
            {
                DeactivateOnIdle();
                return new ProfileReply { NotFoundMessage = ex.Message };
            }
            catch (Exception)
            {
                DeactivateOnIdle();
                throw;
            }

            Log.Read(logger, name, _bytes.Length);
        }

        return new ProfileReply { Bytes = _bytes };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Profile grain {Profile} read {Bytes} bytes from the profile source.")]
        public static partial void Read(ILogger logger, string profile, int bytes);
    }
}
