using System.Runtime.InteropServices;

namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Tells regular files from FIFOs, devices and sockets without opening them: opening a FIFO for reading blocks until a writer
/// appears, and a device such as <c>/dev/zero</c> never ends, so the readers look at the file type first.
/// </summary>
/// <remarks>
/// <para>.NET has no public API for the Unix file type (<see cref="File.Exists(string)"/> is true for a FIFO, and
/// <see cref="FileSystemInfo.Attributes"/> and <see cref="File.GetUnixFileMode(string)"/> carry no type bits). On Unix this calls
/// <c>stat</c> through the runtime's own native shim (<c>SystemNative_Stat</c> in <c>libSystem.Native</c>, which every .NET runtime
/// ships and which reports the mode with the same bits on every Unix and architecture). Should the shim be unavailable, a file
/// counts as regular only when it is not empty, since FIFOs, devices and sockets report a size of 0.</para>
/// <para>On Windows special files cannot appear in a folder, so a file that exists is regular.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static partial class RegularFiles
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    /// <summary>The native shim's <c>FileStatus</c> is about 120 bytes; the buffer leaves room for growth. Only the mode is read.</summary>
    private const int StatusBufferBytes = 512;

    /// <summary>Byte offset of the <c>int32 Mode</c> field, after <c>int32 Flags</c>.</summary>
    private const int ModeOffset = 4;

    /// <summary>Returns what <paramref name="path"/> names, following symbolic links; never opens it.</summary>
    public static FileKind GetKind(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(path) ? FileKind.Regular : Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
        }

        if (TryStatMode(path, out int? mode))
        {
            return mode switch
            {
                null => FileKind.Missing,
                int m when (m & TypeMask) == RegularType => FileKind.Regular,
                int m when (m & TypeMask) == DirectoryType => FileKind.Directory,
                _ => FileKind.Special,
            };
        }

        // No native shim: FIFOs, devices and sockets report a size of 0, so only a non-empty file counts as regular.
        var info = new FileInfo(path);
        return info.Exists ? (info.Length > 0 ? FileKind.Regular : FileKind.Special)
            : Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
    }

    /// <summary>True when <paramref name="path"/> is a regular file (symbolic links followed).</summary>
    public static bool IsRegular(string path) => GetKind(path) == FileKind.Regular;

    /// <summary>Calls <c>stat</c>; <paramref name="mode"/> is null when the path does not exist. False when the shim is unavailable.</summary>
    private static bool TryStatMode(string path, out int? mode)
    {
        byte[] status = new byte[StatusBufferBytes];
        try
        {
            mode = Stat(path, status) == 0 ? BitConverter.ToInt32(status, ModeOffset) : null;
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            mode = null;
            return false;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] status);
}
