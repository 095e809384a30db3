using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// Linux capabilities of the calling thread (capget/capset, version 3) and the bounding set
/// (prctl PR_CAPBSET_*). Capabilities belong to each thread: a thread started afterwards inherits
/// the set of the thread that starts it.
/// </summary>
public static unsafe partial class ThreadCapabilities
{
    private const uint Version3 = 0x20080522;
    private const int PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24, PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_CLEAR_ALL = 4;
    public const int CAP_SETPCAP = 8;

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective, Permitted, Inheritable;
    }

    [LibraryImport(Libc.Library, EntryPoint = "capget", SetLastError = true)]
    private static partial int capget_raw(Header* header, Data* data);

    [LibraryImport(Libc.Library, EntryPoint = "capset", SetLastError = true)]
    private static partial int capset_raw(Header* header, Data* data);

    [LibraryImport(Libc.Library, EntryPoint = "prctl", SetLastError = true)]
    private static partial int prctl_raw(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    /// <summary>The calling thread's effective capabilities as a 64-bit mask.</summary>
    public static ulong Effective()
    {
        var header = new Header { Version = Version3 };
        var data = stackalloc Data[2];
        if (capget_raw(&header, data) < 0) throw Libc.Fail("capget");
        return data[0].Effective | ((ulong)data[1].Effective << 32);
    }

    /// <summary>Empties the calling thread's bounding set (needs CAP_SETPCAP); stops at the first
    /// capability the kernel does not know (EINVAL), i.e. after its last one.</summary>
    public static void DropBoundingSet()
    {
        for (ulong cap = 0; cap < 64; cap++)
        {
            if (prctl_raw(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) return;   // beyond the kernel's last capability
            if (prctl_raw(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) throw Libc.Fail($"prctl(PR_CAPBSET_DROP, {cap})");
        }
    }

    /// <summary>Empties the ambient set (EINVAL on kernels older than 4.3, which have none: ignored).</summary>
    public static void ClearAmbient()
    {
        if (prctl_raw(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && Libc.LastErrno != Errno.EINVAL)
            throw Libc.Fail("prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
    }

    /// <summary>Empties the calling thread's effective, permitted and inheritable sets.</summary>
    public static void ClearThread()
    {
        var header = new Header { Version = Version3 };
        var data = stackalloc Data[2];
        data[0] = default;
        data[1] = default;
        if (capset_raw(&header, data) < 0) throw Libc.Fail("capset");
    }
}
