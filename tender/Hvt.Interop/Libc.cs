using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// Basic POSIX file, memory and process calls. Every public wrapper throws
/// <see cref="SystemCallException"/> on failure; the <c>Try</c> forms return -errno instead.
/// </summary>
public static unsafe partial class Libc
{
    /// <summary>glibc by its soname: the process has it loaded already, so resolving it is one dlopen
    /// of a loaded library ("libc" alone made the runtime probe a dozen paths, and the linker
    /// script libc.so, first).</summary>
    internal const string Library = "libc.so.6";

    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80,
        O_TRUNC = 0x200, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_DIRECT = 0x4000, O_CLOEXEC = 0x80000;

    public const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public const int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
        MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000;
    public const int MADV_DONTDUMP = 16, MADV_DODUMP = 17, MADV_HUGEPAGE = 14, MADV_MERGEABLE = 12;
    public const int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
    public const uint MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;

    private static readonly nint MapFailed = -1;

    [LibraryImport(Libc.Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    internal static partial int open_raw(string path, int flags, int mode);

    [LibraryImport(Libc.Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int close_raw(int fd);

    [LibraryImport(Libc.Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint read_raw(int fd, byte* buf, nuint count);

    [LibraryImport(Libc.Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint write_raw(int fd, byte* buf, nuint count);

    [LibraryImport(Libc.Library, EntryPoint = "pread64", SetLastError = true)]
    internal static partial nint pread_raw(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Libc.Library, EntryPoint = "pwrite64", SetLastError = true)]
    internal static partial nint pwrite_raw(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Libc.Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl_raw(int fd, nuint request, nuint arg);

    [LibraryImport(Libc.Library, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint mmap_raw(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Libc.Library, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int munmap_raw(nint addr, nuint length);

    [LibraryImport(Libc.Library, EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int mprotect_raw(nint addr, nuint length, int prot);

    [LibraryImport(Libc.Library, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int madvise_raw(nint addr, nuint length, int advice);

    [LibraryImport(Libc.Library, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    internal static partial int memfd_create_raw(string name, uint flags);

    [LibraryImport(Libc.Library, EntryPoint = "ftruncate64", SetLastError = true)]
    internal static partial int ftruncate_raw(int fd, long length);

    [LibraryImport(Libc.Library, EntryPoint = "lseek64", SetLastError = true)]
    internal static partial long lseek_raw(int fd, long offset, int whence);

    [LibraryImport(Libc.Library, EntryPoint = "kill", SetLastError = true)]
    internal static partial int kill_raw(int pid, int sig);

    [LibraryImport(Libc.Library, EntryPoint = "getpid")]
    internal static partial int getpid_raw();

    [LibraryImport(Libc.Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync_raw(int fd);

    [LibraryImport(Libc.Library, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl_raw(int fd, int cmd, int arg);

    [LibraryImport(Libc.Library, EntryPoint = "mincore", SetLastError = true)]
    internal static partial int mincore_raw(nint addr, nuint length, byte* vec);

    /// <summary>mincore(2): one byte per page of [addr, addr + length), bit 0 set if the page is resident.</summary>
    public static void Mincore(nint addr, ulong length, Span<byte> residency)
    {
        fixed (byte* p = residency)
            if (mincore_raw(addr, (nuint)length, p) < 0) throw Fail("mincore");
    }

    [LibraryImport(Libc.Library, EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    internal static partial int access_raw(string path, int mode);

    public const int R_OK = 4, W_OK = 2, X_OK = 1, F_OK = 0;
    public const int O_DIRECTORY = 0x10000;

    /// <summary>access(2): 0 if allowed, else -errno.</summary>
    public static int TryAccess(string path, int mode) => access_raw(path, mode) < 0 ? -LastErrno : 0;

    [LibraryImport(Libc.Library, EntryPoint = "strerror")]
    internal static partial nint strerror_raw(int errnum);

    /// <summary>The C library's description of an errno value ("No such file or directory").</summary>
    public static string StrError(int errno) => Marshal.PtrToStringUTF8(strerror_raw(errno)) ?? $"errno {errno}";

    /// <summary>The errno of the last failed call made through these bindings on this thread.</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();

    internal static SystemCallException Fail(string call) => new(call, LastErrno);

    public static FileDescriptor Open(string path, int flags, int mode = 0)
    {
        int fd = open_raw(path, flags | O_CLOEXEC, mode);
        if (fd < 0) throw Fail($"open({path})");
        return new FileDescriptor(fd);
    }

    /// <summary>Opens a file; on failure returns null and the errno instead of throwing.</summary>
    public static FileDescriptor? TryOpen(string path, int flags, out int errno, int mode = 0)
    {
        int fd = open_raw(path, flags | O_CLOEXEC, mode);
        errno = fd < 0 ? LastErrno : 0;
        return fd < 0 ? null : new FileDescriptor(fd);
    }

    /// <summary>Reads once (retrying on EINTR); returns the byte count, 0 at end of file.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        long n = TryRead(fd, buffer);
        if (n < 0) throw new SystemCallException("read", (int)-n);
        return (int)n;
    }

    /// <summary>Reads once (retrying on EINTR); returns the byte count or -errno.</summary>
    public static long TryRead(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = read_raw(fd, p, (nuint)buffer.Length);
                if (n >= 0) return n;
                int e = LastErrno;
                if (e != Errno.EINTR) return -e;
            }
        }
    }

    /// <summary>Writes once (retrying on EINTR); returns the byte count.</summary>
    public static int Write(int fd, ReadOnlySpan<byte> buffer)
    {
        long n = TryWrite(fd, buffer);
        if (n < 0) throw new SystemCallException("write", (int)-n);
        return (int)n;
    }

    /// <summary>Writes once (retrying on EINTR); returns the byte count or -errno.</summary>
    public static long TryWrite(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = write_raw(fd, p, (nuint)buffer.Length);
                if (n >= 0) return n;
                int e = LastErrno;
                if (e != Errno.EINTR) return -e;
            }
        }
    }

    /// <summary>Writes the whole buffer, looping over short writes.</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = Write(fd, buffer);
            buffer = buffer[n..];
        }
    }

    /// <summary>Positional read (retrying on EINTR); returns the byte count or -errno.</summary>
    public static long TryPread(int fd, Span<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = pread_raw(fd, p, (nuint)buffer.Length, offset);
                if (n >= 0) return n;
                int e = LastErrno;
                if (e != Errno.EINTR) return -e;
            }
        }
    }

    /// <summary>Positional write (retrying on EINTR); returns the byte count or -errno.</summary>
    public static long TryPwrite(int fd, ReadOnlySpan<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = pwrite_raw(fd, p, (nuint)buffer.Length, offset);
                if (n >= 0) return n;
                int e = LastErrno;
                if (e != Errno.EINTR) return -e;
            }
        }
    }

    public static int Pread(int fd, Span<byte> buffer, long offset)
    {
        long n = TryPread(fd, buffer, offset);
        if (n < 0) throw new SystemCallException("pread", (int)-n);
        return (int)n;
    }

    public static int Pwrite(int fd, ReadOnlySpan<byte> buffer, long offset)
    {
        long n = TryPwrite(fd, buffer, offset);
        if (n < 0) throw new SystemCallException("pwrite", (int)-n);
        return (int)n;
    }

    /// <summary>ioctl with an integer argument; returns the (non-negative) result.</summary>
    public static int Ioctl(int fd, ulong request, string name, ulong arg = 0)
    {
        int r = ioctl_raw(fd, (nuint)request, (nuint)arg);
        if (r < 0) throw Fail($"ioctl({name})");
        return r;
    }

    /// <summary>ioctl with a pointer to a structure the kernel reads and/or writes.</summary>
    public static int Ioctl<T>(int fd, ulong request, string name, ref T arg) where T : unmanaged
    {
        fixed (T* p = &arg)
        {
            int r = ioctl_raw(fd, (nuint)request, (nuint)p);
            if (r < 0) throw Fail($"ioctl({name})");
            return r;
        }
    }

    /// <summary>ioctl with a pointer argument; returns the result or -errno without throwing.</summary>
    public static int TryIoctl(int fd, ulong request, nint arg)
    {
        int r = ioctl_raw(fd, (nuint)request, (nuint)arg);
        return r < 0 ? -LastErrno : r;
    }

    public static nint Mmap(nint addr, ulong length, int prot, int flags, int fd, long offset)
    {
        nint p = mmap_raw(addr, (nuint)length, prot, flags, fd, offset);
        if (p == MapFailed) throw Fail("mmap");
        return p;
    }

    public static void Munmap(nint addr, ulong length)
    {
        if (munmap_raw(addr, (nuint)length) < 0) throw Fail("munmap");
    }

    public static void Mprotect(nint addr, ulong length, int prot)
    {
        if (mprotect_raw(addr, (nuint)length, prot) < 0) throw Fail("mprotect");
    }

    public static void Madvise(nint addr, ulong length, int advice)
    {
        if (madvise_raw(addr, (nuint)length, advice) < 0) throw Fail("madvise");
    }

    public static FileDescriptor MemfdCreate(string name, uint flags = MFD_CLOEXEC)
    {
        int fd = memfd_create_raw(name, flags);
        if (fd < 0) throw Fail("memfd_create");
        return new FileDescriptor(fd);
    }

    public static void Ftruncate(int fd, long length)
    {
        if (ftruncate_raw(fd, length) < 0) throw Fail("ftruncate");
    }

    /// <summary>lseek returning the new offset or -errno.</summary>
    public static long TryLseek(int fd, long offset, int whence)
    {
        long r = lseek_raw(fd, offset, whence);
        return r < 0 ? -LastErrno : r;
    }

    public static long Lseek(int fd, long offset, int whence)
    {
        long r = lseek_raw(fd, offset, whence);
        if (r < 0) throw Fail("lseek");
        return r;
    }

    public static void Fsync(int fd)
    {
        if (fsync_raw(fd) < 0) throw Fail("fsync");
    }

    public const int F_GETFL = 3, F_SETFL = 4;

    public static int Fcntl(int fd, int cmd, int arg = 0)
    {
        int r = fcntl_raw(fd, cmd, arg);
        if (r < 0) throw Fail("fcntl");
        return r;
    }

    public static void Kill(int pid, int signal)
    {
        if (kill_raw(pid, signal) < 0) throw Fail("kill");
    }

    public static int GetPid() => getpid_raw();
}
