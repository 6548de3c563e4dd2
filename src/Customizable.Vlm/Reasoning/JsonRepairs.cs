namespace Customizable.Vlm.Reasoning;

/// <summary>What <see cref="LenientJsonReader"/> had to forgive to read a JSON-like text.</summary>
[Flags]
internal enum JsonRepairs
{
    None = 0,
    SingleQuotes = 1 << 0,
    UnquotedKeys = 1 << 1,
    TrailingCommas = 1 << 2,
    MissingCommas = 1 << 3,
    BareWords = 1 << 4,
    ControlCharacters = 1 << 5,
    BadEscapes = 1 << 6,
    Truncated = 1 << 7,
    Comments = 1 << 8,
    NumberFormat = 1 << 9,
}
