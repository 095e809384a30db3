using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;

namespace Solo5Net.SeccompProbe;

/// <summary>
/// The calls a confined tender must be refused and the work the runtime must still do. Raw calls
/// use arguments that are harmless should the filter let them through (signal 0, pid 1, a missing
/// mount point), and their unfiltered result differs from the filter's errno, so a broken filter
/// shows as a wrong result rather than as damage.
/// </summary>
internal sealed class Probes(string directory, FileStream preopened, TenderConfinement? confinement)
{
    private readonly bool confined = confinement != null;
    private const long SysOpenat = 257, SysClone = 56, SysClone3 = 435, SysFork = 57, SysExecve = 59,
        SysExecveat = 322, SysSocket = 41, SysPtrace = 101, SysMount = 165, SysUnlink = 87, SysKill = 62,
        SysTgkill = 234, SysBpf = 321, SysIoctl = 16, SysIoUringSetup = 425, SysInitModule = 175,
        SysSetuid = 105, SysUnshare = 272, SysGettid = 186, SysExitGroup = 231, SysPrlimit64 = 302,
        SysMmap = 9, SysMprotect = 10, SysMunmap = 11, SysFchmod = 91, SysFchown = 93, SysFsetxattr = 190,
        SysFremovexattr = 199, SysShmget = 29, SysShmctl = 31, SysSetpriority = 141, SysSchedSetaffinity = 203,
        SysSchedSetattr = 314, SysIoprioSet = 251, SysMigratePages = 256, SysMovePages = 279, SysMemfdCreate = 319,
        SysFcntl = 72, SysSendmsg = 46, SysPread64 = 17;
    private const long X32Getpid = 0x40000000 | 39;
    private const int AtFdcwd = -100, AfUnix = 1, AfInet = 2, SockStream = 1, Sigchld = 17, CloneThreadFlags = 0x10000;
    private const int PtracePeekUser = 3, Tiocsti = 0x5412, SgIo = 0x2285, FsIocSetflags = 0x40086602;
    private const uint TunSetIff = 0x400454ca, KvmRun = 0xAE80;
    private const int IpcPrivate = 0, IpcCreat = 0x200, IpcRmid = 0, PrioProcess = 0, IoprioWhoProcess = 1, FSetown = 8;
    /// <summary>A process id no process has (above the kernel's pid_max limit): a call aimed at
    /// another process that the filter lets through fails with ESRCH and harms nobody.</summary>
    private const int NoSuchProcess = 0x7fffffff;
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivateAnonymous = 0x22, PageSize = 4096;

    public IEnumerable<(string Name, string Result)> RunAll()
    {
        int pid = Libc.GetPid();
        if (confined)   // unconfined, these would really replace the probe or start a process
        {
            yield return ("execve", Errno(ExecveTrue(SysExecve)));
            yield return ("execveat", Errno(ExecveTrue(SysExecveat)));
            yield return ("fork", Errno(ChildExitsAtOnce(RawSyscall.Invoke(SysFork))));
            yield return ("clone-process", Errno(ChildExitsAtOnce(RawSyscall.Invoke(SysClone, Sigchld))));
        }
        // With CLONE_THREAD but without CLONE_SIGHAND|CLONE_VM the kernel refuses (EINVAL): it gets past the filter.
        yield return ("clone-thread-flags", Errno(RawSyscall.Invoke(SysClone, CloneThreadFlags)));
        yield return ("clone3", Errno(RawSyscall.Invoke(SysClone3, 0, 0)));
        yield return ("socket-inet", Errno(CloseIfOpened(RawSyscall.Invoke(SysSocket, AfInet, SockStream))));
        yield return ("socket-unix", Errno(CloseIfOpened(RawSyscall.Invoke(SysSocket, AfUnix, SockStream))));
        yield return ("openat-create", Errno(CloseIfOpened(Openat("created", Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL))));
        yield return ("openat-truncate", Errno(CloseIfOpened(Openat("existing", Libc.O_WRONLY | Libc.O_TRUNC))));
        yield return ("openat-readwrite", Errno(CloseIfOpened(Openat("existing", Libc.O_RDWR))));
        yield return ("openat-readonly", Errno(CloseIfOpened(Openat("existing", Libc.O_RDONLY))));
        yield return ("unlink", Errno(WithPath(Path.Combine(directory, "existing"), p => RawSyscall.Invoke(SysUnlink, p))));
        yield return ("ptrace", Errno(RawSyscall.Invoke(SysPtrace, PtracePeekUser, 1)));
        yield return ("mount", Errno(WithPath("/nonexistent-seccomp-probe", p => RawSyscall.Invoke(SysMount, 0, p, 0))));
        yield return ("kill-other", Errno(RawSyscall.Invoke(SysKill, 1, 0)));
        yield return ("kill-self", Errno(RawSyscall.Invoke(SysKill, pid, 0)));
        yield return ("tgkill-self", Errno(RawSyscall.Invoke(SysTgkill, pid, (nint)RawSyscall.Invoke(SysGettid), 0)));
        yield return ("prlimit-other", Errno(RawSyscall.Invoke(SysPrlimit64, 1, 7, 0, 0)));
        yield return ("bpf", Errno(RawSyscall.Invoke(SysBpf, 0, 0, 0)));
        yield return ("ioctl-tiocsti", Errno(RawSyscall.Invoke(SysIoctl, 0, Tiocsti, 0)));
        yield return ("io_uring_setup", Errno(RawSyscall.Invoke(SysIoUringSetup, 1, 0)));
        yield return ("init_module", Errno(RawSyscall.Invoke(SysInitModule, 0, 0, 0)));
        yield return ("setuid", Errno(RawSyscall.Invoke(SysSetuid, 0)));
        yield return ("unshare", Errno(RawSyscall.Invoke(SysUnshare, 0)));
        yield return ("x32-getpid", Errno(RawSyscall.Invoke(X32Getpid)));
        yield return ("mmap-exec", Errno(UnmapIfMapped(MapAnonymous(ProtRead | ProtExec))));
        yield return ("mprotect-exec", Errno(MakeExecutable()));
        yield return ("mmap-readwrite", Errno(UnmapIfMapped(MapAnonymous(ProtRead | ProtWrite))));

        // The holes of the former deny-list (docs/security.md).
        int fd = (int)preopened.SafeFileHandle.DangerousGetHandle();
        yield return ("fchmod", Errno(RawSyscall.Invoke(SysFchmod, fd, 0x180)));
        yield return ("fchown", Errno(RawSyscall.Invoke(SysFchown, fd, -1, -1)));
        yield return ("fsetxattr", Errno(WithPath("user.seccomp-probe", n => WithPath("x", v => RawSyscall.Invoke(SysFsetxattr, fd, n, v, 1, 0)))));
        yield return ("fremovexattr", Errno(WithPath("user.seccomp-probe-absent", n => RawSyscall.Invoke(SysFremovexattr, fd, n))));
        yield return ("shmget", Errno(RemoveIfCreated(RawSyscall.Invoke(SysShmget, IpcPrivate, PageSize, IpcCreat | 0x180))));
        yield return ("setpriority-other", Errno(RawSyscall.Invoke(SysSetpriority, PrioProcess, NoSuchProcess, 0)));
        yield return ("sched_setaffinity-other", Errno(RawSyscall.Invoke(SysSchedSetaffinity, NoSuchProcess, 8, 0)));
        yield return ("sched_setattr-other", Errno(RawSyscall.Invoke(SysSchedSetattr, NoSuchProcess, 0, 0)));
        yield return ("ioprio_set-other", Errno(RawSyscall.Invoke(SysIoprioSet, IoprioWhoProcess, NoSuchProcess, 0)));
        yield return ("migrate_pages-other", Errno(RawSyscall.Invoke(SysMigratePages, NoSuchProcess, 0, 0, 0)));
        yield return ("move_pages-other", Errno(RawSyscall.Invoke(SysMovePages, NoSuchProcess, 0, 0, 0, 0, 0)));
        yield return ("memfd_create", Errno(CloseIfOpened(WithPath("seccomp-probe", n => RawSyscall.Invoke(SysMemfdCreate, n, 0)))));
        yield return ("ioctl-sg_io", Errno(RawSyscall.Invoke(SysIoctl, fd, SgIo, 0)));
        yield return ("ioctl-tunsetiff", Errno(RawSyscall.Invoke(SysIoctl, fd, (nint)TunSetIff, 0)));
        yield return ("ioctl-fs_ioc_setflags", Errno(RawSyscall.Invoke(SysIoctl, fd, FsIocSetflags, 0)));
        yield return ("fcntl-setown", Errno(RawSyscall.Invoke(SysFcntl, fd, FSetown, pid)));

        // A thread narrowed to its role keeps only that role's calls (descriptor -1: EBADF if let through).
        yield return ("Main-role-kvm_run", OnThreadInRole(ThreadRoles.Main, () => RawSyscall.Invoke(SysIoctl, -1, (nint)KvmRun, 0)));
        yield return ("Vcpu-role-kvm_run", OnThreadInRole(ThreadRoles.Vcpu, () => RawSyscall.Invoke(SysIoctl, -1, (nint)KvmRun, 0)));
        yield return ("Vcpu-role-device_reset", OnThreadInRole(ThreadRoles.Vcpu, () => RawSyscall.Invoke(SysIoctl, -1, (nint)Vfio.DeviceResetRequest, 0)));
        yield return ("RingIo-role-sendmsg", OnThreadInRole(ThreadRoles.RingIo, () => RawSyscall.Invoke(SysSendmsg, -1, 0, 0)));
        yield return ("RingIo-role-pread64", OnThreadInRole(ThreadRoles.RingIo, () => RawSyscall.Invoke(SysPread64, -1, 0, 0, 0)));
        yield return ("RingIo-role-write", OnThreadInRole(ThreadRoles.RingIo, () => RawSyscall.Invoke(SysWrite, -1, 0, 0)));

        if (confined) yield return ("managed-process-start", Refused(() => Process.Start("/bin/true")?.WaitForExit()));
        yield return ("managed-socket", Refused(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp).Dispose()));
        yield return ("managed-file-create", Refused(() => File.WriteAllText(Path.Combine(directory, "managed"), "x")));

        yield return ("thread", Try(StartAndJoinThread));
        yield return ("task", Try(() => Task.Run(() => 6 * 7).Wait(TimeSpan.FromSeconds(10))));
        yield return ("timer", Try(FireTimer));
        yield return ("gc", Try(CollectGarbage));
        yield return ("read-proc-status", Try(() => File.ReadAllText("/proc/self/status").Contains("Seccomp:\t2")));
        yield return ("write-preopened", Try(WritePreopened));
    }

    private const long SysWrite = 1;

    /// <summary>Runs <paramref name="call"/> on a new thread that first narrows itself to <paramref name="role"/>.</summary>
    private string OnThreadInRole(ThreadRoles role, Func<long> call)
    {
        long result = 0;
        var thread = new Thread(() =>
        {
            confinement?.EnterRole(role);
            result = call();
        });
        thread.Start();
        thread.Join();
        return Errno(result);
    }

    /// <summary>If the filter failed and a System V segment was created, it goes at once.</summary>
    private static long RemoveIfCreated(long id)
    {
        if (id >= 0) RawSyscall.Invoke(SysShmctl, (nint)id, IpcRmid, 0);
        return id;
    }

    private static string Errno(long result) => result >= 0 ? "OK" : Solo5Net.Interop.Errno.Name((int)-result);

    private static string Try(Func<bool> work)
    {
        try { return work() ? "OK" : "FAILED"; }
        catch (Exception e) { return $"FAILED ({e.GetType().Name}: {e.Message})"; }
    }

    private static string Refused(Action work)
    {
        try
        {
            work();
            return "ALLOWED";
        }
        catch (Exception e) when (e is Win32Exception or SocketException or UnauthorizedAccessException or IOException or TypeInitializationException)
        {
            return "refused";
        }
    }

    private long Openat(string name, int flags) =>
        WithPath(Path.Combine(directory, name), p => RawSyscall.Invoke(SysOpenat, AtFdcwd, p, flags | Libc.O_CLOEXEC, 0x180));

    private static long WithPath(string path, Func<nint, long> call)
    {
        nint p = Marshal.StringToCoTaskMemUTF8(path);
        try { return call(p); }
        finally { Marshal.FreeCoTaskMem(p); }
    }

    private static long ExecveTrue(long number)
    {
        nint path = Marshal.StringToCoTaskMemUTF8("/bin/true");
        nint argv = Marshal.AllocCoTaskMem(2 * IntPtr.Size);
        try
        {
            Marshal.WriteIntPtr(argv, 0, path);
            Marshal.WriteIntPtr(argv, IntPtr.Size, 0);
            return number == SysExecve
                ? RawSyscall.Invoke(number, path, argv, 0)
                : RawSyscall.Invoke(number, AtFdcwd, path, argv, 0, 0);
        }
        finally
        {
            Marshal.FreeCoTaskMem(argv);
            Marshal.FreeCoTaskMem(path);
        }
    }

    /// <summary>If the filter failed and a process was created, the child (result 0) leaves at once.</summary>
    private static long ChildExitsAtOnce(long result)
    {
        if (result == 0) RawSyscall.Invoke(SysExitGroup, 0);
        return result;
    }

    private static long MapAnonymous(int protection) =>
        RawSyscall.Invoke(SysMmap, 0, PageSize, protection, MapPrivateAnonymous, -1, 0);

    private static long UnmapIfMapped(long address)
    {
        if (address >= 0) RawSyscall.Invoke(SysMunmap, (nint)address, PageSize);
        return address >= 0 ? 0 : address;
    }

    /// <summary>A writable page made executable: the step that turns injected bytes into code.</summary>
    private static long MakeExecutable()
    {
        long page = MapAnonymous(ProtRead | ProtWrite);
        if (page < 0) return page;
        long result = RawSyscall.Invoke(SysMprotect, (nint)page, PageSize, ProtRead | ProtExec);
        UnmapIfMapped(page);
        return result;
    }

    private static long CloseIfOpened(long fd)
    {
        if (fd >= 0) new FileDescriptor((int)fd).Dispose();
        return fd;
    }

    private static bool StartAndJoinThread()
    {
        int value = 0;
        var thread = new Thread(() => value = 42);
        thread.Start();
        return thread.Join(TimeSpan.FromSeconds(10)) && value == 42;
    }

    private static bool FireTimer()
    {
        using var fired = new ManualResetEventSlim();
        using var timer = new Timer(_ => fired.Set(), null, 10, Timeout.Infinite);
        return fired.Wait(TimeSpan.FromSeconds(10));
    }

    private static bool CollectGarbage()
    {
        var weak = AllocateAndForget();
        for (int i = 0; i < 20; i++) _ = new byte[1 << 20];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return !weak.IsAlive && GC.CollectionCount(2) > 0;
    }

    private static WeakReference AllocateAndForget() => new(new byte[4 << 20]);

    private bool WritePreopened()
    {
        preopened.Write("written after confinement"u8);
        preopened.Flush(flushToDisk: true);
        return true;
    }
}
