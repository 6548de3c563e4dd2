namespace Customizable.Vlm.Orleans.Grains;

/// <summary>What a profile grain answers: the profile's bytes, or why there are none. A missing profile travels as data, not as a
/// thrown <see cref="ProfileNotFoundException"/>, because the profile grain may run on another silo and Orleans' serializer has no
/// codec for the library's exception base class.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ProfileReply
{
    /// <summary>Gets or sets the profile's bytes (never changed once sent), or null when the profile does not exist.</summary>
    [Id(0)]
    public byte[]? Bytes { get; set; }

    /// <summary>Gets or sets the not-found message, when <see cref="Bytes"/> is null.</summary>
    [Id(1)]
    public string NotFoundMessage { get; set; } = string.Empty;
}
