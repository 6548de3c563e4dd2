namespace Customizable.Vlm.Orleans;

/// <summary>No profile of the requested name exists in the cluster's profile source (<see cref="IProfileSource"/>). It reaches the
/// caller of <see cref="ClusterInspector"/> across the cluster with its <see cref="ProfileName"/> (the silo reports it in the reply,
/// and the client throws it).</summary>
/// <remarks>Not retried: publish the profile (e.g. save it into the profile folder), then call again; a profile grain that found
/// nothing does not stay active, so the next call reads the source again.</remarks>
public sealed class ProfileNotFoundException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public ProfileNotFoundException()
        : base("The inspection profile does not exist.")
    {
        ProfileName = string.Empty;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was not found.</param>
    public ProfileNotFoundException(string message)
        : base(message)
    {
        ProfileName = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What was not found.</param>
    /// <param name="innerException">The underlying cause (e.g. a <see cref="FileNotFoundException"/>), or null.</param>
    public ProfileNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ProfileName = string.Empty;
    }

    /// <summary>Initializes a new instance for a profile name.</summary>
    /// <param name="profileName">The profile that does not exist.</param>
    /// <param name="message">What was not found.</param>
    /// <param name="innerException">The underlying cause, or null.</param>
    public ProfileNotFoundException(string profileName, string message, Exception? innerException)
        : base(message, innerException)
    {
        ProfileName = profileName ?? string.Empty;
    }

    /// <summary>Gets the name of the profile that does not exist (empty when unknown).</summary>
    public string ProfileName { get; private set; }
}
