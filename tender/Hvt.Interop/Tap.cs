using System.Runtime.InteropServices;
using System.Text;

namespace Solo5Net.Interop;

/// <summary>
/// Linux TAP interfaces (/dev/net/tun) and the interface queries the net module needs:
/// attach to an existing tap by name, read its MTU and flags.
/// </summary>
public static unsafe partial class Tap
{
    public const int InterfaceNameSize = 16; // IFNAMSIZ, including the NUL
    private const ulong TUNSETIFF = 0x400454CA;
    private const ulong SIOCGIFFLAGS = 0x8913;
    private const ulong SIOCGIFMTU = 0x8921;
    private const short IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
    private const short IFF_UP = 0x1, IFF_RUNNING = 0x40;
    private const int AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;

    /// <summary>struct ifreq: the name, then a 24-byte union (flags or MTU in its first bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal struct IfReq
    {
        [FieldOffset(0)] public fixed byte Name[InterfaceNameSize];
        [FieldOffset(16)] public short Flags;
        [FieldOffset(16)] public int Mtu;
    }

    [LibraryImport(Libc.Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl_ifreq_raw(int fd, nuint request, IfReq* ifr);

    [LibraryImport(Libc.Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int socket_raw(int domain, int type, int protocol);

    [LibraryImport(Libc.Library, EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    internal static partial uint if_nametoindex_raw(string name);

    /// <summary>
    /// Opens the existing tap interface <paramref name="name"/> non-blocking (IFF_TAP | IFF_NO_PI)
    /// and returns its fd. Never creates an interface: a missing one fails with ENOENT, a name too
    /// long with ENAMETOOLONG, a non-tap interface with the kernel's error (EINVAL for lo).
    /// </summary>
    public static FileDescriptor Attach(string name)
    {
        var request = NamedRequest(name, "tap attach");
        if (if_nametoindex_raw(name) == 0) throw new SystemCallException($"if_nametoindex({name})", Errno.ENOENT);
        using var fd = Libc.Open("/dev/net/tun", Libc.O_RDWR | Libc.O_NONBLOCK);
        request.Flags = IFF_TAP | IFF_NO_PI;
        if (ioctl_ifreq_raw(fd.Number, (nuint)TUNSETIFF, &request) < 0) throw Libc.Fail($"ioctl(TUNSETIFF, {name})");
        if (ReadName(request) != name)
            throw new SystemCallException($"ioctl(TUNSETIFF, {name}) returned another interface", Errno.EINVAL);
        return fd.Transfer();
    }

    /// <summary>The interface's MTU (SIOCGIFMTU).</summary>
    public static int GetMtu(string name)
    {
        var request = NamedRequest(name, "SIOCGIFMTU");
        QueryInterface(SIOCGIFMTU, "SIOCGIFMTU", name, ref request);
        return request.Mtu;
    }

    /// <summary>True when the interface is administratively up or has carrier (IFF_UP | IFF_RUNNING).</summary>
    public static bool IsUpOrRunning(string name)
    {
        var request = NamedRequest(name, "SIOCGIFFLAGS");
        QueryInterface(SIOCGIFFLAGS, "SIOCGIFFLAGS", name, ref request);
        return (request.Flags & (IFF_UP | IFF_RUNNING)) != 0;
    }

    private static void QueryInterface(ulong ioctl, string ioctlName, string name, ref IfReq request)
    {
        int number = socket_raw(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (number < 0) throw Libc.Fail("socket(AF_INET, SOCK_DGRAM)");
        using var sock = new FileDescriptor(number);
        fixed (IfReq* r = &request)
            if (ioctl_ifreq_raw(sock.Number, (nuint)ioctl, r) < 0) throw Libc.Fail($"ioctl({ioctlName}, {name})");
    }

    private static IfReq NamedRequest(string name, string call)
    {
        var bytes = Utf8Text.GetBytes(name);
        if (bytes.Length == 0) throw new SystemCallException($"{call}({name})", Errno.EINVAL);
        if (bytes.Length >= InterfaceNameSize) throw new SystemCallException($"{call}({name})", Errno.ENAMETOOLONG);
        var request = new IfReq();
        for (int i = 0; i < bytes.Length; i++) request.Name[i] = bytes[i];
        return request;
    }

    private static string ReadName(IfReq request)
    {
        int n = 0;
        while (n < InterfaceNameSize && request.Name[n] != 0) n++;
        return Encoding.UTF8.GetString(request.Name, n);
    }
}
