namespace Customizable.Vlm.Profiles;

/// <summary>The JSON header of a saved profile (internal wire format; version 1 had no <see cref="References"/>, slots or provenance kinds).</summary>
internal sealed class ProfileHeader
{
    public string? TaskDescription { get; set; }

    public string? ClassContext { get; set; }

    public List<ProfileRule>? Rules { get; set; } = [];

    public AnswerFormat AnswerFormat { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? LibraryVersion { get; set; }

    /// <summary>The kind of reference model stored (the reasoner it needs), or null.</summary>
    public string? ReferenceModelKind { get; set; }

    /// <summary>What the reasoner must match to use the model (backbone and feature settings), or null (version 2).</summary>
    public string? ReferenceModelCompatibility { get; set; }

    /// <summary>Every reference view the profile was customized from (version 2).</summary>
    public List<ProfileReference>? References { get; set; }

    /// <summary>The reference views whose pixels are stored (all of them in version 1).</summary>
    public List<ProfileView>? Views { get; set; } = [];

    /// <summary>The motion views of the video references, or null for none (version 3; absent before).</summary>
    public ProfileMotion? Motion { get; set; }

    /// <summary>The spec's prompt template, or null (absent in profiles written before templates existed).</summary>
    public PromptTemplate? PromptTemplate { get; set; }
}
