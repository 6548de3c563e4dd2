namespace Customizable.Vlm.Packaging.Tests;

/// <summary>A fact that packs the libraries with the .NET SDK: skipped, with the reason, where that cannot be done.</summary>
public sealed class PackFactAttribute : FactAttribute
{
    public PackFactAttribute()
    {
        if (Toolchain.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
