using System.Runtime.CompilerServices;
using Solo5Net.Interop;
using static Solo5Net.Hvt.Security.SyscallTreatment;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// What a running tender may not do (docs/security.md): a deny-list over the x86_64 system call
/// table, with argument checks where a call is needed in one form and dangerous in another.
/// Everything not listed is allowed, because the .NET runtime's own set of calls (GC, threads,
/// timers, lazy loading of code) is not fixed; every listed call is one a running tender never
/// makes. Calls of another ABI (x32 numbers) are refused; another architecture kills the process.
/// </summary>
public sealed class SeccompPolicy
{
    public const int RefusedErrno = 1;     // EPERM
    public const int UnavailableErrno = 38; // ENOSYS

    public const uint CloneThread = 0x00010000;
    public const uint OpenWriteFlags = Libc.O_WRONLY | Libc.O_RDWR | Libc.O_CREAT | Libc.O_TRUNC;
    public const uint OpenCreateExclusive = Libc.O_CREAT | Libc.O_EXCL;
    public const uint Tiocsti = 0x5412, Tioclinux = 0x541c;
    public const uint ProtExec = 0x4;

    private SeccompPolicy(int processId, bool allowNewFiles, bool allowExecutableMemory)
    {
        ProcessId = processId;
        AllowNewFiles = allowNewFiles;
        AllowExecutableMemory = allowExecutableMemory;
    }

    /// <summary>The tender's process id: the only target of signals it may send.</summary>
    public int ProcessId { get; }

    /// <summary>Opens with O_CREAT|O_EXCL (a new file, never an existing one) stay allowed, for a
    /// module that writes a file after the guest ran (--dumpcore).</summary>
    public bool AllowNewFiles { get; }

    /// <summary>Mappings and protection changes with PROT_EXEC stay allowed: a process with a JIT
    /// (a JIT build of the tender) makes code as it runs; the native tender never does after set-up.</summary>
    public bool AllowExecutableMemory { get; }

    public IReadOnlyList<SyscallRule> Rules => TenderRules;

    public static SeccompPolicy ForTender(int processId, bool allowNewFiles, bool allowExecutableMemory) =>
        new(processId, allowNewFiles, allowExecutableMemory);

    /// <summary>The policy for the calling process: executable memory stays allowed only if its
    /// runtime has a JIT (<see cref="RuntimeFeature.IsDynamicCodeSupported"/> is false under NativeAOT).</summary>
    public static SeccompPolicy ForThisProcess(bool allowNewFiles) =>
        ForTender(Libc.GetPid(), allowNewFiles, allowExecutableMemory: RuntimeFeature.IsDynamicCodeSupported);

    /// <summary>Ordered by how often a running tender makes the call (ioctl: every VM exit) so the filter is short for it.</summary>
    public static readonly IReadOnlyList<SyscallRule> TenderRules =
    [
        new("ioctl", 16, NoTerminalInjection, "KVM_RUN, VFIO and TUN need ioctl; TIOCSTI/TIOCLINUX would type commands into the operator's terminal", Argument: 1),

        // New code: once set up, the native tender maps no executable memory, so injected code
        // cannot be made runnable.
        new("mmap", 9, NoExecutableMemory, "the GC and threads map memory; none of it executable", Argument: 2),
        new("mprotect", 10, NoExecutableMemory, "guard pages and the GC change protections; never to executable", Argument: 2),
        new("pkey_mprotect", 329, NoExecutableMemory, "as mprotect", Argument: 2),

        // New processes and programs.
        new("clone", 56, ThreadsOnly, "the runtime starts threads; a new process could run anything"),
        new("clone3", 435, Unavailable, "its flags live in memory the filter cannot read; ENOSYS makes glibc fall back to clone"),
        new("fork", 57, Refused, "no new processes"),
        new("vfork", 58, Refused, "no new processes"),
        new("execve", 59, Refused, "no programs run from the tender"),
        new("execveat", 322, Refused, "no programs run from the tender"),

        // Files by name.
        new("open", 2, ReadOnlyOpen, "the runtime loads code and reads /proc and /sys lazily; writing or creating files is never needed", Argument: 1),
        new("openat", 257, ReadOnlyOpen, "as open", Argument: 2),
        new("openat2", 437, Unavailable, "its flags live in memory the filter cannot read; ENOSYS makes callers fall back to openat"),
        new("creat", 85, Refused, "creates files"),
        new("open_by_handle_at", 304, Refused, "opens files by handle, bypassing paths (a known container escape)"),
        new("name_to_handle_at", 303, Refused, "only useful with open_by_handle_at"),
        new("truncate", 76, Refused, "changes a file by name"),
        new("unlink", 87, Refused, "removes files"),
        new("unlinkat", 263, Refused, "removes files"),
        new("rmdir", 84, Refused, "removes directories"),
        new("rename", 82, Refused, "moves files"),
        new("renameat", 264, Refused, "moves files"),
        new("renameat2", 316, Refused, "moves files"),
        new("link", 86, Refused, "makes names for files"),
        new("linkat", 265, Refused, "makes names for files"),
        new("symlink", 88, Refused, "makes names for files"),
        new("symlinkat", 266, Refused, "makes names for files"),
        new("mkdir", 83, Refused, "creates directories"),
        new("mkdirat", 258, Refused, "creates directories"),
        new("mknod", 133, Refused, "creates device nodes"),
        new("mknodat", 259, Refused, "creates device nodes"),
        new("chmod", 90, Refused, "changes permissions by name"),
        new("fchmodat", 268, Refused, "changes permissions by name"),
        new("fchmodat2", 452, Refused, "changes permissions by name"),
        new("chown", 92, Refused, "changes owners by name"),
        new("lchown", 94, Refused, "changes owners by name"),
        new("fchownat", 260, Refused, "changes owners by name"),
        new("setxattr", 188, Refused, "changes attributes by name (security labels, capabilities)"),
        new("lsetxattr", 189, Refused, "changes attributes by name"),
        new("removexattr", 197, Refused, "changes attributes by name"),
        new("lremovexattr", 198, Refused, "changes attributes by name"),

        // Network: the tender only uses descriptors it opened during set-up.
        new("socket", 41, Refused, "no new sockets; the vfio-user socket is connected during set-up"),
        new("socketpair", 53, Refused, "no new sockets"),
        new("connect", 42, Refused, "no new connections"),
        new("bind", 49, Refused, "no listening"),
        new("listen", 50, Refused, "no listening"),
        new("accept", 43, Refused, "no listening"),
        new("accept4", 288, Refused, "no listening"),

        // Other processes.
        new("ptrace", 101, Refused, "no debugging of other processes"),
        new("process_vm_readv", 310, Refused, "reads other processes' memory"),
        new("process_vm_writev", 311, Refused, "writes other processes' memory"),
        new("kcmp", 312, Refused, "inspects other processes"),
        new("pidfd_open", 434, Refused, "handles on other processes"),
        new("pidfd_getfd", 438, Refused, "steals other processes' descriptors"),
        new("pidfd_send_signal", 424, Refused, "signals other processes"),
        new("kill", 62, OwnProcessOnly, "the runtime may signal itself; root could signal any process"),
        new("tgkill", 234, OwnProcessOnly, "the runtime signals its own threads (GC suspension)"),
        new("tkill", 200, Refused, "names a thread without its process; glibc uses tgkill"),
        new("rt_sigqueueinfo", 129, OwnProcessOnly, "as kill"),
        new("rt_tgsigqueueinfo", 297, OwnProcessOnly, "as tgkill"),
        new("prlimit64", 302, OwnProcessOrSelf, "the runtime reads its own limits; root could change any process's"),

        // Privileges, namespaces, mounts.
        new("setuid", 105, Refused, "no identity changes"),
        new("setgid", 106, Refused, "no identity changes"),
        new("setreuid", 113, Refused, "no identity changes"),
        new("setregid", 114, Refused, "no identity changes"),
        new("setresuid", 117, Refused, "no identity changes"),
        new("setresgid", 119, Refused, "no identity changes"),
        new("setfsuid", 122, Refused, "no identity changes"),
        new("setfsgid", 123, Refused, "no identity changes"),
        new("setgroups", 116, Refused, "no identity changes"),
        new("capset", 126, Refused, "no capability changes"),
        new("unshare", 272, Refused, "no new namespaces"),
        new("setns", 308, Refused, "no entering other namespaces"),
        new("chroot", 161, Refused, "changes the file-system view"),
        new("pivot_root", 155, Refused, "changes the file-system view"),
        new("mount", 165, Refused, "no mounts"),
        new("umount2", 166, Refused, "no mounts"),
        new("open_tree", 428, Refused, "no mounts"),
        new("move_mount", 429, Refused, "no mounts"),
        new("fsopen", 430, Refused, "no mounts"),
        new("fsconfig", 431, Refused, "no mounts"),
        new("fsmount", 432, Refused, "no mounts"),
        new("mount_setattr", 442, Refused, "no mounts"),

        // The kernel itself.
        new("init_module", 175, Refused, "no kernel modules"),
        new("finit_module", 313, Refused, "no kernel modules"),
        new("delete_module", 176, Refused, "no kernel modules"),
        new("kexec_load", 246, Refused, "no kernel replacement"),
        new("kexec_file_load", 320, Refused, "no kernel replacement"),
        new("reboot", 169, Refused, "no reboot"),
        new("bpf", 321, Refused, "no BPF programs or maps"),
        new("perf_event_open", 298, Refused, "no kernel tracing (also a common exploit vehicle)"),
        new("userfaultfd", 323, Refused, "a common exploit vehicle; never needed"),
        new("io_uring_setup", 425, Refused, "io_uring requests are not seen by seccomp"),
        new("io_uring_enter", 426, Refused, "io_uring requests are not seen by seccomp"),
        new("io_uring_register", 427, Refused, "io_uring requests are not seen by seccomp"),
        new("keyctl", 250, Refused, "no kernel keyrings"),
        new("add_key", 248, Refused, "no kernel keyrings"),
        new("request_key", 249, Refused, "no kernel keyrings"),
        new("iopl", 172, Refused, "no direct host port I/O"),
        new("ioperm", 173, Refused, "no direct host port I/O"),
        new("swapon", 167, Refused, "no swap changes"),
        new("swapoff", 168, Refused, "no swap changes"),
        new("acct", 163, Refused, "no process accounting changes"),
        new("settimeofday", 164, Refused, "no host clock changes"),
        new("clock_settime", 227, Refused, "no host clock changes"),
        new("adjtimex", 159, Refused, "no host clock changes"),
        new("clock_adjtime", 305, Refused, "no host clock changes"),
        new("sethostname", 170, Refused, "no host name changes"),
        new("setdomainname", 171, Refused, "no host name changes"),
        new("syslog", 103, Refused, "no kernel log access"),
        new("quotactl", 179, Refused, "no quota changes"),
        new("quotactl_fd", 443, Refused, "no quota changes"),
        new("fanotify_init", 300, Refused, "no file-system wide monitoring"),
        new("lookup_dcookie", 212, Refused, "profiling interface; never needed"),
        new("vhangup", 153, Refused, "hangs up the terminal"),
        new("uselib", 134, Refused, "obsolete library loading"),
        new("personality", 135, Refused, "changes the execution domain (e.g. address-space randomisation)"),
    ];
}
