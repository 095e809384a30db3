using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// SIGINT and SIGTERM read as data instead of caught (signalfd(2)): they are blocked on the calling
/// thread, so every thread it starts afterwards inherits the blocked mask, and wait in the kernel
/// until a thread reads them here. No handler runs and no thread of the runtime's is needed.
/// Disposing restores the calling thread's previous mask.
/// </summary>
public sealed unsafe partial class ExitSignalFd : IDisposable
{
    public const int SIGINT = 2, SIGTERM = 15;
    private const int SIG_BLOCK = 0, SIG_SETMASK = 2;
    private const int SFD_NONBLOCK = 0x800, SFD_CLOEXEC = 0x80000;
    private const int SigsetWords = 16;         // glibc's sigset_t: 1024 bits
    private const int SiginfoBytes = 128;       // struct signalfd_siginfo; ssi_signo is its first field

    [LibraryImport(Libc.Library, EntryPoint = "pthread_sigmask")]
    private static partial int pthread_sigmask_raw(int how, ulong* set, ulong* oldset);

    [LibraryImport(Libc.Library, EntryPoint = "signalfd", SetLastError = true)]
    private static partial int signalfd_raw(int fd, ulong* mask, int flags);

    private readonly FileDescriptor _fd;
    private readonly ulong[] _previousMask;

    private ExitSignalFd(FileDescriptor fd, ulong[] previousMask)
    {
        _fd = fd;
        _previousMask = previousMask;
    }

    /// <summary>The descriptor to poll: readable while SIGINT or SIGTERM is pending.</summary>
    public int Number => _fd.Number;

    /// <summary>Blocks SIGINT and SIGTERM on the calling thread and opens the descriptor they are read from.</summary>
    public static ExitSignalFd Open()
    {
        ulong* mask = stackalloc ulong[SigsetWords];
        new Span<ulong>(mask, SigsetWords).Clear();
        mask[0] = Bit(SIGINT) | Bit(SIGTERM);
        var previous = new ulong[SigsetWords];
        fixed (ulong* old = previous)
        {
            int error = pthread_sigmask_raw(SIG_BLOCK, mask, old);
            if (error != 0) throw new SystemCallException("pthread_sigmask", error);
        }
        int fd = signalfd_raw(-1, mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (fd < 0)
        {
            var failure = Libc.Fail("signalfd");
            SetMask(previous);
            throw failure;
        }
        return new ExitSignalFd(new FileDescriptor(fd), previous);
    }

    /// <summary>Takes one pending SIGINT or SIGTERM: its number, or 0 when none is pending.</summary>
    public int TryTake()
    {
        Span<byte> info = stackalloc byte[SiginfoBytes];
        long n = Libc.TryRead(_fd.Number, info);
        if (n == -Errno.EAGAIN) return 0;
        if (n != SiginfoBytes) throw new SystemCallException("read(signalfd)", n < 0 ? (int)-n : Errno.EIO);
        return (int)MemoryMarshal.Read<uint>(info);
    }

    public void Dispose()
    {
        if (_fd.IsClosed) return;
        _fd.Dispose();
        SetMask(_previousMask);
    }

    private static ulong Bit(int signal) => 1UL << (signal - 1);

    private static void SetMask(ulong[] mask)
    {
        fixed (ulong* set = mask) pthread_sigmask_raw(SIG_SETMASK, set, null);
    }
}
