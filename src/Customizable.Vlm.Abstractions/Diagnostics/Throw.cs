using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Customizable.Vlm;

/// <summary>Argument guards shared by the library (one place, caller expressions captured).</summary>
internal static class Throw
{
    public static T IfNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        where T : class
    {
        if (argument is null)
        {
            throw new ArgumentNullException(paramName);
        }

        return argument;
    }

    public static string IfNullOrWhiteSpace([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            throw argument is null ? new ArgumentNullException(paramName) : new ArgumentException("The value must not be empty.", paramName);
        }

        return argument;
    }

    public static int IfLessThan(int argument, int min, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (argument < min)
        {
            throw new ArgumentOutOfRangeException(paramName, argument, $"The value must be at least {min}.");
        }

        return argument;
    }

    public static double IfOutOfRange(double argument, double min, double max, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (!(argument >= min && argument <= max))
        {
            throw new ArgumentOutOfRangeException(paramName, argument, $"The value must be in [{min}, {max}].");
        }

        return argument;
    }
}
