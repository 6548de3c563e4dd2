using System.Buffers;

namespace Customizable.Vlm.Orleans;

/// <summary>What a profile name may be: 1 to 128 characters among ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, not starting
/// with a dot. So a name is a file name on every system and a grain key, and can never name a path outside a profile folder.</summary>
public static class ProfileNames
{
    /// <summary>The longest name, in characters.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>Checks a profile name.</summary>
    /// <param name="profileName">The name.</param>
    /// <param name="parameterName">The parameter named in the exception.</param>
    /// <exception cref="ArgumentException">The name is empty, too long, starts with a dot or holds another character.</exception>
    public static void Validate(string profileName, string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(profileName, parameterName);
        if (profileName.Length is 0 or > MaxLength || profileName[0] == '.' || profileName.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException(
                $"'{(profileName.Length > MaxLength ? profileName[..MaxLength] + "..." : profileName)}' is not a profile name: use 1 to {MaxLength} ASCII letters, digits, '-', '_' or '.', not starting with '.'.",
                parameterName);
        }
    }
}
