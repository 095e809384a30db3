using System.Runtime.CompilerServices;
using Solo5Net.Interop;
using static Solo5Net.Hvt.Security.ArgumentCheck;
using static Solo5Net.Hvt.Security.ThreadRoles;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// What a running tender may do (docs/security.md): an allow-list over the x86_64 system call
/// table, per thread role, with argument checks where a call is needed in one form and dangerous in
/// another. A call that is not listed fails with EPERM and the kernel logs it. The native tender's
/// set of calls is fixed per build: these are the calls it was seen to make after set-up, running
/// every hypercall, module, ring I/O, PCI over vfio-user, dumpcore, gdb and signal.
/// Calls of another ABI (x32 numbers) are refused; another architecture kills the process.
/// </summary>
public sealed class SeccompPolicy
{
    public const int RefusedErrno = 1;     // EPERM
    public const int UnavailableErrno = 38; // ENOSYS

    public const uint CloneThread = 0x00010000;
    // O_TMPFILE includes O_DIRECTORY, which read-only opens of directories carry too: only its own bit.
    public const uint OpenWriteFlags = Libc.O_WRONLY | Libc.O_RDWR | Libc.O_CREAT | Libc.O_TRUNC | (Libc.O_TMPFILE & ~Libc.O_DIRECTORY);
    public const uint ProtExec = 0x4;

    private SeccompPolicy(int processId, bool allowExecutableMemory)
    {
        ProcessId = processId;
        AllowExecutableMemory = allowExecutableMemory;
    }

    /// <summary>The tender's process id: the only target of signals it may send.</summary>
    public int ProcessId { get; }

    /// <summary>Mappings and protection changes with PROT_EXEC stay allowed: a process with a JIT
    /// (a JIT build of the tender) makes code as it runs; the native tender never does after set-up.</summary>
    public bool AllowExecutableMemory { get; }

    public IReadOnlyList<SyscallRule> Rules => TenderRules;

    public static SeccompPolicy ForTender(int processId, bool allowExecutableMemory) => new(processId, allowExecutableMemory);

    /// <summary>The policy for the calling process: executable memory stays allowed only if its
    /// runtime has a JIT (<see cref="RuntimeFeature.IsDynamicCodeSupported"/> is false under NativeAOT).</summary>
    public static SeccompPolicy ForThisProcess() =>
        ForTender(Libc.GetPid(), allowExecutableMemory: RuntimeFeature.IsDynamicCodeSupported);

    /// <summary>The rules that apply to a thread with any of <paramref name="roles"/>.</summary>
    public IEnumerable<SyscallRule> RulesFor(ThreadRoles roles) => TenderRules.Where(r => (r.Roles & roles) != 0);

    /// <summary>The ioctl requests a thread with any of <paramref name="roles"/> may make.</summary>
    public static IEnumerable<IoctlRule> IoctlsFor(ThreadRoles roles) => IoctlRules.Where(r => (r.Roles & roles) != 0);

    // fcntl commands (asm-generic/fcntl.h). Not F_SETOWN/F_SETSIG: they direct SIGIO at any process.
    private const uint FGetfd = 1, FSetfd = 2, FGetfl = 3, FSetfl = 4, FDupfdCloexec = 1030, FGetSeals = 1034;
    // prctl options (linux/prctl.h): naming a thread (the runtime names its threads), reading state.
    private const uint PrGetDumpable = 3, PrSetName = 15, PrGetName = 16, PrGetSeccomp = 21, PrGetNoNewPrivs = 39;

    /// <summary>Ordered by how often a running tender makes the call (ioctl: every VM exit) so the filter is short for it.</summary>
    public static readonly IReadOnlyList<SyscallRule> TenderRules =
    [
        new("ioctl", 16, All, "KVM_RUN and the other KVM and VFIO requests of IoctlRules", ListedRequests, Argument: 1),
        new("read", 0, All, "eventfds, taps, timerfds, the SIGINT/SIGTERM signalfd, /proc and the runtime's own files"),
        new("write", 1, All, "console output, taps, eventfds, the runtime's wake-up pipes"),
        new("pread64", 17, Main | Vcpu, "block reads; VFIO config space and BAR regions"),
        new("pwrite64", 18, Main | Vcpu, "block writes; VFIO config space and BAR regions; the core file"),
        new("preadv2", 327, All, "interrupt eventfds are drained with RWF_NOWAIT, whatever flags a peer sharing them set"),
        new("readv", 19, Vcpu | RingIo, "taps"),
        new("writev", 20, Vcpu | RingIo, "taps"),
        new("epoll_wait", 232, Vcpu | RingIo, "the poll hypercall waits for its descriptors"),
        new("epoll_pwait", 281, Vcpu | RingIo, "as epoll_wait (glibc may use either)"),
        new("ppoll", 271, All, "waiting for a vfio-user reply; the runtime"),
        new("poll", 7, All, "waiting for a vfio-user reply; the runtime"),
        new("futex", 202, All, "the runtime's locks and waits, thread joins"),
        new("sched_yield", 24, All, "the runtime's spin waits"),
        new("membarrier", 324, All, "the GC's process-wide memory barrier"),
        new("mmap", 9, All, "the GC and threads map memory; none of it executable", NoExecutableMemory, Argument: 2),
        new("mprotect", 10, All, "guard pages and the GC change protections; never to executable", NoExecutableMemory, Argument: 2),
        new("munmap", 11, All, "the GC and threads unmap memory; DMA and BAR windows are unmapped at halt"),
        new("madvise", 28, All, "the GC returns memory to the kernel"),
        new("mincore", 27, Main, "dumpcore writes only the guest pages that are resident"),
        new("brk", 12, All, "glibc's malloc"),
        new("sendmsg", 46, Main | Vcpu, "vfio-user requests (with descriptors) to a peer connected during set-up"),
        new("recvmsg", 47, Main | Vcpu, "vfio-user replies"),
        new("shutdown", 48, Main | Vcpu, "a vfio-user connection is shut down at halt, waking a thread blocked on it"),
        new("sendto", 44, Main | Vcpu, "the gdb connection accepted during set-up (send)"),
        new("recvfrom", 45, Main | Vcpu, "the gdb connection (recv)"),
        new("close", 3, All, "descriptors at halt; the runtime's own"),
        new("fsync", 74, Main | Vcpu, "block sync and halt; the core file"),
        new("fdatasync", 75, Main | Vcpu, "as fsync"),
        new("ftruncate", 77, Main, "dumpcore sizes its core file (opened during set-up)"),
        new("linkat", 265, Main, "dumpcore names its core file, made unnamed (O_TMPFILE) during set-up, through /proc/self/fd; only with AT_SYMLINK_FOLLOW",
            OneOf, Argument: 4, Values: [(uint)Libc.AT_SYMLINK_FOLLOW]),
        new("lseek", 8, All, "the runtime's file reads"),
        new("fstat", 5, All, "the runtime's file reads"),
        new("newfstatat", 262, All, "the runtime's file reads (glibc's fstat)"),
        new("statx", 332, All, "the runtime's file reads"),
        new("fcntl", 72, All, "descriptor flags (close-on-exec, non-blocking); not F_SETOWN/F_SETSIG", OneOf, Argument: 1,
            Values: [FGetfd, FSetfd, FGetfl, FSetfl, FDupfdCloexec, FGetSeals]),
        new("open", 2, All, "the runtime reads /proc and /sys lazily; writing or creating files by name is never needed", ReadOnlyOpen, Argument: 1),
        new("openat", 257, All, "as open", ReadOnlyOpen, Argument: 2),
        new("openat2", 437, All, "its flags live in memory the filter cannot read; ENOSYS makes callers fall back to openat", Unavailable),
        new("readlink", 89, All, "the runtime resolves /proc/self/exe"),
        new("getdents64", 217, All, "the runtime lists /proc/self/task and cgroup directories"),
        new("clock_gettime", 228, All, "time when the vDSO cannot serve it"),
        new("clock_getres", 229, All, "the runtime's timers"),
        new("gettimeofday", 96, All, "as clock_gettime"),
        new("clock_nanosleep", 230, All, "sleeps and the runtime's back-off"),
        new("nanosleep", 35, All, "as clock_nanosleep"),
        new("timerfd_settime", 286, Vcpu, "the poll hypercall's deadline"),
        new("getpid", 39, All, "the runtime and dumpcore"),
        new("gettid", 186, All, "the runtime"),
        new("getuid", 102, All, "the runtime"),
        new("geteuid", 107, All, "the runtime"),
        new("getgid", 104, All, "the runtime"),
        new("getegid", 108, All, "the runtime"),
        new("getrandom", 318, All, "the runtime's hash seeds"),
        new("getrusage", 98, All, "the runtime's CPU accounting"),
        new("sysinfo", 99, All, "the GC reads the memory size"),
        new("uname", 63, All, "the runtime"),
        new("sched_getaffinity", 204, All, "every new thread reads its CPU set, naming itself by thread id (so no pid check; it only reads)"),
        new("prlimit64", 302, All, "the runtime reads its own limits; root could change any process's", OwnProcessOrSelf),
        new("getrlimit", 97, All, "as prlimit64 (own process by definition)"),
        new("prctl", 157, All, "the runtime names its threads; reads of its own state", OneOf,
            Values: [PrGetDumpable, PrSetName, PrGetName, PrGetSeccomp, PrGetNoNewPrivs]),

        new("seccomp", 317, Main, "each thread narrows itself to its role; a filter can only take calls away", OneOf,
            Values: [Seccomp.SECCOMP_SET_MODE_FILTER]),

        // Threads, signals, exit.
        new("clone", 56, All, "threads (a signal's exit deadline runs on a new one); a new process could run anything", ThreadsOnly),
        new("clone3", 435, All, "its flags live in memory the filter cannot read; ENOSYS makes glibc fall back to clone", Unavailable),
        new("set_robust_list", 273, All, "every new thread (glibc)"),
        new("rseq", 334, All, "every new thread (glibc)"),
        new("set_tid_address", 218, All, "every new thread (glibc)"),
        new("sigaltstack", 131, All, "the runtime's stack-overflow handling on every thread"),
        new("rt_sigprocmask", 14, All, "every thread and signal handler"),
        new("rt_sigaction", 13, All, "the runtime's signal handling"),
        new("rt_sigreturn", 15, All, "the return from every signal handler"),
        new("restart_syscall", 219, All, "a call interrupted by a signal resumes"),
        new("kill", 62, All, "the runtime may signal itself; root could signal any process", OwnProcessOnly),
        new("tgkill", 234, All, "the runtime signals its own threads (GC suspension); the vCPU thread is kicked out of KVM_RUN", OwnProcessOnly),
        new("rt_sigqueueinfo", 129, All, "as kill", OwnProcessOnly),
        new("rt_tgsigqueueinfo", 297, All, "as tgkill", OwnProcessOnly),
        new("exit", 60, All, "a thread ends"),
        new("exit_group", 231, All, "the tender ends"),
    ];

    // _IO/_IOR/_IOW/_IOWR request numbers (asm-generic/ioctl.h), as the kernel sees their low 32 bits.
    private static uint Kvm(ulong request) => (uint)request;

    /// <summary>The ioctl requests a running tender makes. Every other request (SG_IO, TUNSETIFF,
    /// FS_IOC_SETFLAGS, the VFIO container and group requests of set-up, TIOCSTI, …) is refused.</summary>
    public static readonly IReadOnlyList<IoctlRule> IoctlRules =
    [
        new("KVM_RUN", Kvm(KvmIoctls.KVM_RUN), Vcpu, "runs the guest until its next exit"),
        new("KVM_GET_REGS", Kvm(KvmIoctls.KVM_GET_REGS), Main | Vcpu, "the debugger; dumpcore reads the vCPU state at halt"),
        new("KVM_SET_REGS", Kvm(KvmIoctls.KVM_SET_REGS), Vcpu, "the debugger writes registers"),
        new("KVM_GET_SREGS", Kvm(KvmIoctls.KVM_GET_SREGS), Main | Vcpu, "the debugger; dumpcore"),
        new("KVM_SET_GUEST_DEBUG", Kvm(KvmIoctls.KVM_SET_GUEST_DEBUG), Vcpu, "the debugger's breakpoints and single steps"),
        new("KVM_SET_USER_MEMORY_REGION", Kvm(KvmIoctls.KVM_SET_USER_MEMORY_REGION), Main | Vcpu, "BAR windows change when the guest enables memory space; slots are deleted at halt"),
        new("VFIO_DEVICE_SET_IRQS", Vfio.DeviceSetIrqsRequest, Main | Vcpu, "interrupts are enabled as the guest configures MSI/MSI-X, and disabled at halt"),
        new("VFIO_DEVICE_RESET", Vfio.DeviceResetRequest, Main, "devices are reset at halt"),
        new("VFIO_IOMMU_UNMAP_DMA", Vfio.IommuUnmapDmaRequest, Main, "DMA windows are unmapped from the IOMMU at halt"),
        new("VFIO_GROUP_UNSET_CONTAINER", Vfio.GroupUnsetContainerRequest, Main, "groups are detached at halt"),
    ];
}
