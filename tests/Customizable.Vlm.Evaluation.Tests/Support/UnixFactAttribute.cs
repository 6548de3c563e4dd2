namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>A fact that needs FIFOs and device files: skipped, with the reason, on Windows or where <c>mkfifo</c> is not on the path.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "FIFOs and device files are Unix file types.";
        }
        else if (!Fifo.IsAvailable)
        {
            Skip = "mkfifo is not on the PATH.";
        }
    }
}
