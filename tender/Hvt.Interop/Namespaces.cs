using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>setns(2): moves the calling thread into another namespace (e.g. a network namespace
/// opened from /var/run/netns/NAME), so a tap that exists only there can be attached.</summary>
public static partial class Namespaces
{
    public const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(Libc.Library, EntryPoint = "setns", SetLastError = true)]
    internal static partial int setns_raw(int fd, int nstype);

    /// <summary>The calling thread (only it) joins the network namespace open on <paramref name="fd"/>.</summary>
    public static void EnterNetwork(int fd)
    {
        if (setns_raw(fd, CLONE_NEWNET) < 0) throw Libc.Fail("setns");
    }
}
