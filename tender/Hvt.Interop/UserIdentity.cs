using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// Changing the process's user and group (setgroups, setresgid, setresuid). glibc applies each of
/// these to every thread of the process, so no thread keeps the old identity; when every user id
/// becomes non-zero the kernel also clears each thread's permitted and effective capabilities.
/// </summary>
public static partial class UserIdentity
{
    [LibraryImport(Libc.Library, EntryPoint = "setgroups", SetLastError = true)]
    private static partial int setgroups_raw(nuint size, nint list);

    [LibraryImport(Libc.Library, EntryPoint = "setresgid", SetLastError = true)]
    private static partial int setresgid_raw(uint real, uint effective, uint saved);

    [LibraryImport(Libc.Library, EntryPoint = "setresuid", SetLastError = true)]
    private static partial int setresuid_raw(uint real, uint effective, uint saved);

    /// <summary>Becomes <paramref name="uid"/>:<paramref name="gid"/> with no supplementary groups (in that
    /// order: the group and the groups can only be changed while still privileged).</summary>
    public static void SwitchTo(uint uid, uint gid)
    {
        if (setgroups_raw(0, 0) < 0) throw Libc.Fail("setgroups");
        if (setresgid_raw(gid, gid, gid) < 0) throw Libc.Fail($"setresgid({gid})");
        if (setresuid_raw(uid, uid, uid) < 0) throw Libc.Fail($"setresuid({uid})");
    }
}
