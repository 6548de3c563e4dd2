namespace Customizable.Vlm.Tests.Imaging;

/// <summary>A fact that needs a Unix system with <c>mkfifo</c> on the PATH (special files); skipped with the reason elsewhere.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs a Unix system (FIFOs and /dev devices).";
        }
        else if (!(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "mkfifo"))))
        {
            Skip = "mkfifo is not on the PATH.";
        }
    }
}
