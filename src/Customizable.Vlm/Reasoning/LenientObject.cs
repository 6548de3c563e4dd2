namespace Customizable.Vlm.Reasoning;

/// <summary>A JSON object read by <see cref="LenientJsonReader"/>: members in document order (duplicates kept).</summary>
internal sealed class LenientObject
{
    public List<KeyValuePair<string, object?>> Members { get; } = [];
}
