using System.Runtime.InteropServices;

namespace Customizable.Vlm.Imaging;

/// <summary>
/// Tells regular files from FIFOs, devices, sockets and directories without opening them (opening a FIFO for reading blocks
/// until a writer appears).
/// </summary>
/// <remarks>
/// On Unix it calls the runtime's own <c>SystemNative_Stat</c> export (libSystem.Native, shipped with every .NET runtime; its
/// <c>FileStatus</c> starts with two 32-bit fields, flags then mode, since .NET Core 1.0), which follows symbolic links like
/// <c>stat(2)</c>. Where that export cannot be called, a path that exists but reports a length of 0 is treated as not regular:
/// Linux reports 0 for FIFOs, character and block devices and sockets. On Windows, directories and device paths are refused.
/// Thread-safety: stateless.
/// </remarks>
internal static partial class FileKind
{
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Directory = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    /// <summary>Describes what <paramref name="path"/> is when it is not a regular file.</summary>
    /// <param name="path">The path (symbolic links are followed).</param>
    /// <returns>Null for a regular file or a path that does not exist; otherwise a description such as "a named pipe (FIFO)".</returns>
    public static string? DescribeIfNotRegular(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return "a directory";
        }

        if (OperatingSystem.IsWindows())
        {
            return path.StartsWith(@"\\.\", StringComparison.Ordinal) ? "a device" : null;
        }

        int? mode = StatMode(path);
        if (mode is null)
        {
            FileInfo file = new(path);
            return file.Exists && file.Length == 0 ? "an empty or special file (FIFO, device or socket)" : null;
        }

        return (mode.Value & TypeMask) switch
        {
            Regular => null,
            Fifo => "a named pipe (FIFO)",
            CharacterDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            Directory => "a directory",
            _ => "not a regular file",
        };
    }

    private static unsafe int? StatMode(string path)
    {
        // Larger than any FileStatus the runtime has defined; only the first two fields are read.
        byte* status = stackalloc byte[512];
        try
        {
            return SystemNativeStat(path, status) == 0 ? *(int*)(status + 4) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int SystemNativeStat(string path, byte* status);
}
