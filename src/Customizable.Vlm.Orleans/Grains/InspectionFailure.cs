namespace Customizable.Vlm.Orleans.Grains;

/// <summary>The typed failures a silo reports in an <see cref="InspectionReply"/> (the library's exceptions derive from a base the
/// Orleans serializer has no codec for, so they travel as data and are thrown again on the caller's side).</summary>
[GenerateSerializer]
internal enum InspectionFailure
{
    /// <summary>No failure: the reply holds a verdict.</summary>
    None = 0,

    /// <summary><see cref="ProfileNotFoundException"/>.</summary>
    ProfileNotFound = 1,

    /// <summary><see cref="InspectionRejectedException"/>.</summary>
    Rejected = 2,

    /// <summary><see cref="InvalidProfileException"/>.</summary>
    InvalidProfile = 3,

    /// <summary><see cref="InputLimitExceededException"/>.</summary>
    InputLimitExceeded = 4,

    /// <summary><see cref="InvalidObservationException"/>.</summary>
    InvalidObservation = 5,

    /// <summary>Another <see cref="CustomizableVlmException"/>.</summary>
    Other = 6,
}
