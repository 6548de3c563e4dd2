using System.Diagnostics;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>How the soak tests measure memory: after full, compacting collections, managed bytes and the resident set.</summary>
internal static class SoakMemory
{
    /// <summary>Collects three times (finalizers included), then reads managed and resident memory.</summary>
    /// <returns>Managed bytes (<see cref="GC.GetTotalMemory(bool)"/>) and resident bytes (<see cref="Process.WorkingSet64"/>).</returns>
    public static (long Managed, long Resident) Measure()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }
}
