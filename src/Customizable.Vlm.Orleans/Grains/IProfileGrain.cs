namespace Customizable.Vlm.Orleans.Grains;

/// <summary>One profile, keyed by its name: reads the profile's bytes from the <see cref="IProfileSource"/> once per activation and
/// keeps them in memory for the silos that parse it.</summary>
internal interface IProfileGrain : IGrainWithStringKey
{
    /// <summary>Gets the profile's bytes, reading them from the source on the first call of the activation.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bytes, not copied by Orleans (never change them), or the message of a missing profile.</returns>
    Task<ProfileReply> GetBytesAsync(CancellationToken cancellationToken = default);
}
