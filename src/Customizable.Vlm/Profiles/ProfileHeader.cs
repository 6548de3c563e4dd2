namespace Customizable.Vlm.Profiles;

/// <summary>The JSON header of a saved profile (internal wire format, version 1).</summary>
internal sealed class ProfileHeader
{
    public string? TaskDescription { get; set; }

    public string? ClassContext { get; set; }

    public List<ProfileRule> Rules { get; set; } = [];

    public AnswerFormat AnswerFormat { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? LibraryVersion { get; set; }

    public string? ReferenceModelKind { get; set; }

    public List<ProfileView> Views { get; set; } = [];

    /// <summary>The spec's prompt template, or null (absent in profiles written before templates existed).</summary>
    public PromptTemplate? PromptTemplate { get; set; }
}
