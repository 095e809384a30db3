using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>eventfd(2): a kernel counter usable as a wake-up or ioeventfd/irqfd.</summary>
public static partial class Eventfd
{
    public const int EFD_SEMAPHORE = 1, EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;

    [LibraryImport(Libc.Library, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int eventfd_raw(uint initval, int flags);

    public static FileDescriptor Create(uint initialValue = 0, int flags = EFD_CLOEXEC | EFD_NONBLOCK)
    {
        int fd = eventfd_raw(initialValue, flags | EFD_CLOEXEC);
        if (fd < 0) throw Libc.Fail("eventfd");
        return new FileDescriptor(fd);
    }

    /// <summary>Adds to the counter.</summary>
    public static void Signal(int fd, ulong value = 1)
    {
        Span<byte> b = stackalloc byte[8];
        BitConverter.TryWriteBytes(b, value);
        Libc.Write(fd, b);
    }

    /// <summary>Reads and resets the counter; returns 0 when it was zero on a non-blocking fd.</summary>
    public static ulong Drain(int fd)
    {
        Span<byte> b = stackalloc byte[8];
        long n = Libc.TryRead(fd, b);
        if (n == -Errno.EAGAIN) return 0;
        if (n < 0) throw new SystemCallException("read(eventfd)", (int)-n);
        return BitConverter.ToUInt64(b);
    }
}
