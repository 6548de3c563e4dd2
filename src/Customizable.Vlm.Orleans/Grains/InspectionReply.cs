namespace Customizable.Vlm.Orleans.Grains;

/// <summary>What an inspection worker answers: a verdict, or a typed failure (<see cref="InspectionFailure"/>) with the fields its
/// exception carries, thrown again by <see cref="ClusterInspector"/> as the same exception type.</summary>
[GenerateSerializer]
internal sealed class InspectionReply
{
    [Id(0)]
    public InspectionVerdict? Verdict { get; set; }

    [Id(1)]
    public InspectionFailure Failure { get; set; }

    [Id(2)]
    public string Message { get; set; } = string.Empty;

    [Id(3)]
    public string ProfileName { get; set; } = string.Empty;

    [Id(4)]
    public string Silo { get; set; } = string.Empty;

    [Id(5)]
    public int MaxConcurrentInspections { get; set; }

    /// <summary>The reply for a typed failure of the library, or null for any other exception (which Orleans carries itself).</summary>
    public static InspectionReply? Of(Exception exception) => exception switch
    {
        ProfileNotFoundException e => new() { Failure = InspectionFailure.ProfileNotFound, Message = e.Message, ProfileName = e.ProfileName },
        InspectionRejectedException e => new() { Failure = InspectionFailure.Rejected, Message = e.Message, Silo = e.Silo, MaxConcurrentInspections = e.MaxConcurrentInspections },
        InvalidProfileException e => new() { Failure = InspectionFailure.InvalidProfile, Message = e.Message },
        InputLimitExceededException e => new() { Failure = InspectionFailure.InputLimitExceeded, Message = e.Message },
        InvalidObservationException e => new() { Failure = InspectionFailure.InvalidObservation, Message = e.Message },
        CustomizableVlmException e => new() { Failure = InspectionFailure.Other, Message = e.Message },
        _ => null,
    };

    /// <summary>The exception to throw on the caller's side.</summary>
    public Exception ToException() => Failure switch
    {
        InspectionFailure.ProfileNotFound => new ProfileNotFoundException(ProfileName, Message, null),
        InspectionFailure.Rejected => new InspectionRejectedException(Message, Silo, MaxConcurrentInspections),
        InspectionFailure.InvalidProfile => new InvalidProfileException(Message),
        InspectionFailure.InputLimitExceeded => new InputLimitExceededException(Message),
        InspectionFailure.InvalidObservation => new InvalidObservationException(Message),
        InspectionFailure.Other => new CustomizableVlmException(Message),
        _ => new InvalidOperationException("The silo's reply holds neither a verdict nor a failure."),
    };
}
