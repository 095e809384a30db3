using System.Text.RegularExpressions;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>The compiled tender filters (the process's and each thread role's), judged by <see cref="BpfInterpreter"/> call by call.</summary>
public class SeccompPolicyTests
{
    private const int Pid = 4242;
    private static readonly uint Allow = SeccompData.ReturnAllow;
    private static readonly uint Eperm = SeccompData.ReturnErrno(Errno.EPERM);
    private static readonly uint Enosys = SeccompData.ReturnErrno(Errno.ENOSYS);

    private static readonly SeccompPolicy Policy = SeccompPolicy.ForTender(Pid, allowExecutableMemory: false);
    private static readonly SockFilter[] Filter = SeccompFilterCompiler.Compile(Policy);
    private static readonly SockFilter[] FilterForJit = SeccompFilterCompiler.Compile(SeccompPolicy.ForTender(Pid, allowExecutableMemory: true));
    private static readonly Dictionary<ThreadRoles, SockFilter[]> RoleFilters = new[] { ThreadRoles.Main, ThreadRoles.Vcpu, ThreadRoles.RingIo }
        .ToDictionary(r => r, r => SeccompFilterCompiler.Compile(Policy, r));

    private static uint Judge(int number, params ulong[] args) => BpfInterpreter.Run(Filter, (uint)number, args);

    /// <summary>What a thread of <paramref name="role"/> gets: the process filter and its own, the strictest answer winning.</summary>
    private static uint JudgeAs(ThreadRoles role, int number, params ulong[] args)
    {
        uint process = BpfInterpreter.Run(Filter, (uint)number, args);
        uint own = BpfInterpreter.Run(RoleFilters[role], (uint)number, args);
        return process == Allow ? own : process;
    }

    [Fact]
    public void Another_architecture_kills_the_process_and_x32_numbers_are_refused()
    {
        const uint auditArchI386 = 3 | 0x40000000;
        BpfInterpreter.Run(Filter, 0, arch: auditArchI386).Should().Be(SeccompData.ReturnKillProcess);
        BpfInterpreter.Run(Filter, 0x40000000 | 39).Should().Be(Eperm);   // x32 getpid
        BpfInterpreter.Run(Filter, 0xffffffff).Should().Be(Eperm);
    }

    [Fact]
    public void Any_unlisted_call_is_refused()
    {
        var listed = SeccompPolicy.TenderRules.Select(r => (uint)r.Number).ToHashSet();
        var numbers = Gen.OneOf(Gen.Choose(0, 512), Gen.Choose(0, 0x3fffffff)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000),
            Prop.ForAll(numbers, n => listed.Contains((uint)n) || Judge(n) == Eperm));
    }

    [Fact]
    public void Every_listed_call_without_an_argument_check_is_allowed_and_every_unavailable_one_gets_ENOSYS()
    {
        foreach (var rule in SeccompPolicy.TenderRules.Where(r => r.Check == ArgumentCheck.None))
            Judge(rule.Number).Should().Be(Allow, rule.Name);
        foreach (var rule in SeccompPolicy.TenderRules.Where(r => r.Check == ArgumentCheck.Unavailable))
            Judge(rule.Number).Should().Be(Enosys, rule.Name);
    }

    /// <summary>The holes of a deny-list (issue 16): each of these was allowed before.</summary>
    [Theory]
    [InlineData("fchmod", 91)]
    [InlineData("fchown", 93)]
    [InlineData("fsetxattr", 190)]
    [InlineData("fremovexattr", 199)]
    [InlineData("shmget", 29)]
    [InlineData("shmat", 30)]
    [InlineData("setpriority", 141)]
    [InlineData("sched_setattr", 314)]
    [InlineData("sched_setaffinity", 203)]
    [InlineData("sched_setscheduler", 144)]
    [InlineData("ioprio_set", 251)]
    [InlineData("migrate_pages", 256)]
    [InlineData("move_pages", 279)]
    [InlineData("memfd_create", 319)]
    [InlineData("socket", 41)]
    [InlineData("execve", 59)]
    public void Calls_a_running_tender_never_makes_are_refused(string name, int number)
    {
        foreach (var pid in new ulong[] { 0, Pid, 1 })
            Judge(number, pid, 0, 0).Should().Be(Eperm, $"{name}({pid})");
    }

    [Fact]
    public void Only_the_listed_ioctl_requests_pass_and_each_only_for_its_roles()
    {
        Judge(16, 5, 0xAE80).Should().Be(Allow, "KVM_RUN");
        foreach (var (request, name) in new (ulong, string)[]
                 {
                     (0x2285, "SG_IO"), (0x400454ca, "TUNSETIFF"), (0x40086602, "FS_IOC_SETFLAGS"), (0x5412, "TIOCSTI"),
                     (0x5401, "TCGETS"), (0x3B6A, "VFIO_GROUP_GET_DEVICE_FD"), (0x3B66, "VFIO_SET_IOMMU"), (0x3B71, "VFIO_IOMMU_MAP_DMA"),
                     (0xAE01, "KVM_CREATE_VM"), (0xAE41, "KVM_CREATE_VCPU"), (0x4020AE76, "KVM_IRQFD"),
                     (0x100000000 | 0xAE80, "KVM_RUN's low bits with high bits set are still KVM_RUN"),
                 })
            Judge(16, 5, request).Should().Be(name.StartsWith("KVM_RUN's") ? Allow : Eperm, name);

        JudgeAs(ThreadRoles.Vcpu, 16, 5, 0xAE80).Should().Be(Allow, "KVM_RUN on the vCPU thread");
        JudgeAs(ThreadRoles.Main, 16, 5, 0xAE80).Should().Be(Eperm, "KVM_RUN on the main thread");
        JudgeAs(ThreadRoles.RingIo, 16, 5, 0xAE80).Should().Be(Eperm, "KVM_RUN on the ring thread");
        JudgeAs(ThreadRoles.Vcpu, 16, 5, Vfio.DeviceResetRequest).Should().Be(Eperm, "device reset is the halt hooks' (main)");
        JudgeAs(ThreadRoles.Main, 16, 5, Vfio.DeviceResetRequest).Should().Be(Allow);
        foreach (var rule in SeccompPolicy.IoctlRules)
            foreach (var role in RoleFilters.Keys)
                JudgeAs(role, 16, 5, rule.Request).Should().Be(rule.Roles.HasFlag(role) ? Allow : Eperm, $"{rule.Name} on {role}");
    }

    [Fact]
    public void Each_role_gets_exactly_its_own_calls()
    {
        foreach (var rule in SeccompPolicy.TenderRules.Where(r => r.Check == ArgumentCheck.None))
            foreach (var role in RoleFilters.Keys)
                JudgeAs(role, rule.Number).Should().Be(rule.Roles.HasFlag(role) ? Allow : Eperm, $"{rule.Name} on {role}");
        JudgeAs(ThreadRoles.RingIo, 46).Should().Be(Eperm, "the ring thread sends no vfio-user messages");
        JudgeAs(ThreadRoles.RingIo, 17).Should().Be(Eperm, "nor reads block files");
    }

    [Fact]
    public void No_memory_is_mapped_or_made_executable_unless_the_runtime_has_a_jit()
    {
        const ulong read = 1, write = 2, exec = 4, privateAnonymous = 0x22;
        foreach (var (number, name) in new[] { (9, "mmap"), (10, "mprotect") })
        {
            ulong[] Args(ulong prot) => [0x7f0000000000, 4096, prot, privateAnonymous, ulong.MaxValue, 0];
            foreach (var prot in new[] { 0UL, read, read | write })
                Judge(number, Args(prot)).Should().Be(Allow, $"{name} prot 0x{prot:x}");
            foreach (var prot in new[] { exec, read | exec, read | write | exec, 0xffffffff00000000 | read | exec })
            {
                Judge(number, Args(prot)).Should().Be(Eperm, $"{name} prot 0x{prot:x}");
                BpfInterpreter.Run(FilterForJit, (uint)number, Args(prot)).Should().Be(Allow, $"{name} prot 0x{prot:x} with a JIT");
            }
            Judge(number, Args(0xffffffff00000000 | read)).Should().Be(Allow, "only the low 32 bits count");
        }
        Judge(329, 0, 4096, read).Should().Be(Eperm, "pkey_mprotect is never needed");
    }

    [Fact]
    public void Clone_is_allowed_for_threads_only()
    {
        const ulong glibcThreadFlags = 0x3d0f00;   // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        Judge(56, glibcThreadFlags).Should().Be(Allow);
        Judge(56, 17).Should().Be(Eperm, "fork through clone(SIGCHLD)");
        Judge(56, 0x01200011).Should().Be(Eperm, "glibc fork's flags");
        Judge(56, 0xffffffff00000000).Should().Be(Eperm, "only the low 32 bits count");
        Judge(435).Should().Be(Enosys, "clone3: glibc falls back to clone");
        Judge(57).Should().Be(Eperm, "fork");
    }

    [Fact]
    public void Opens_are_allowed_read_only_and_never_create()
    {
        foreach (var (number, flagsArg) in new[] { (2, 1), (257, 2) })
        {
            ulong[] Args(ulong flags) { var a = new ulong[3]; a[flagsArg] = flags; return a; }
            Judge(number, Args(0x80000)).Should().Be(Allow, "O_RDONLY|O_CLOEXEC");
            Judge(number, Args(0x10000 | 0x800)).Should().Be(Allow, "O_DIRECTORY|O_NONBLOCK");
            foreach (ulong flags in new ulong[] { 1, 2, 0x40, 0x200, 0x41 | 0x80, 0x1 | 0x40 | 0x80 | 0x80000, 0x401, 0x410000 | 2, 0x400000 })
                Judge(number, Args(flags)).Should().Be(Eperm, $"flags 0x{flags:x}");
        }
        Judge(437).Should().Be(Enosys, "openat2: callers fall back to openat");
        Judge(85).Should().Be(Eperm, "creat");
    }

    [Fact]
    public void Signals_and_limits_only_for_the_tender_itself()
    {
        Judge(62, Pid, 15).Should().Be(Allow);
        Judge(62, 1, 15).Should().Be(Eperm);
        Judge(62, 0, 15).Should().Be(Eperm, "kill(0) is the process group");
        Judge(62, unchecked((ulong)-1), 9).Should().Be(Eperm, "kill(-1) is every process");
        Judge(234, Pid, 4243, 10).Should().Be(Allow);
        Judge(234, 1, 1, 10).Should().Be(Eperm);
        Judge(200, Pid, 10).Should().Be(Eperm, "tkill");
        Judge(302, 0, 7).Should().Be(Allow);
        Judge(302, Pid, 7).Should().Be(Allow);
        Judge(302, 1, 7).Should().Be(Eperm);
    }

    [Fact]
    public void Fcntl_and_prctl_only_with_their_listed_commands()
    {
        Judge(72, 5, 4, 0x800).Should().Be(Allow, "F_SETFL O_NONBLOCK");
        Judge(72, 5, 2, 1).Should().Be(Allow, "F_SETFD FD_CLOEXEC");
        Judge(72, 5, 8, 1).Should().Be(Eperm, "F_SETOWN would aim SIGIO at another process");
        Judge(72, 5, 10, 9).Should().Be(Eperm, "F_SETSIG");
        Judge(72, 5, 1033, 1).Should().Be(Eperm, "F_ADD_SEALS (set-up only)");
        Judge(157, 15, 0).Should().Be(Allow, "PR_SET_NAME");
        Judge(157, 4, 1).Should().Be(Eperm, "PR_SET_DUMPABLE");
        Judge(157, 24, 0).Should().Be(Eperm, "PR_CAPBSET_DROP");
        Judge(157, 22, 2).Should().Be(Eperm, "PR_SET_SECCOMP");
        Judge(157, 38, 1).Should().Be(Eperm, "PR_SET_NO_NEW_PRIVS");
    }

    /// <summary>dumpcore names its unnamed core file with linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD,
    /// PATH, AT_SYMLINK_FOLLOW) on the main thread; no other form of linkat, and no other thread.</summary>
    [Fact]
    public void Linkat_only_with_AT_SYMLINK_FOLLOW_and_only_on_the_main_thread()
    {
        const int linkat = 265;
        const ulong atFdcwd = unchecked((ulong)-100), atSymlinkFollow = 0x400, atEmptyPath = 0x1000;
        JudgeAs(ThreadRoles.Main, linkat, atFdcwd, 0, atFdcwd, 0, atSymlinkFollow).Should().Be(Allow);
        JudgeAs(ThreadRoles.Main, linkat, atFdcwd, 0, atFdcwd, 0, 0).Should().Be(Eperm, "a plain hard link by path");
        JudgeAs(ThreadRoles.Main, linkat, 5, 0, atFdcwd, 0, atEmptyPath).Should().Be(Eperm, "AT_EMPTY_PATH");
        JudgeAs(ThreadRoles.Vcpu, linkat, atFdcwd, 0, atFdcwd, 0, atSymlinkFollow).Should().Be(Eperm, "the vCPU thread");
        JudgeAs(ThreadRoles.RingIo, linkat, atFdcwd, 0, atFdcwd, 0, atSymlinkFollow).Should().Be(Eperm, "the ring thread");
        Judge(86, 0, 0).Should().Be(Eperm, "link(2)");
    }

    [Fact]
    public void Rules_name_distinct_calls_and_every_program_fits()
    {
        SeccompPolicy.TenderRules.Select(r => r.Number).Should().OnlyHaveUniqueItems();
        SeccompPolicy.TenderRules.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        SeccompPolicy.TenderRules.Should().OnlyContain(r => r.Reason.Length > 0 && r.Roles != 0);
        SeccompPolicy.IoctlRules.Select(r => r.Request).Should().OnlyHaveUniqueItems();
        SeccompPolicy.IoctlRules.Should().OnlyContain(r => r.Reason.Length > 0 && r.Roles != 0);
        Filter.Length.Should().BeLessThan(Seccomp.MaxInstructions);
        foreach (var f in RoleFilters.Values) f.Length.Should().BeLessThan(Filter.Length);
    }

    [Fact]
    public void Rule_numbers_agree_with_the_kernel_headers()
    {
        const string header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";
        if (!File.Exists(header)) return;   // linux-libc-dev not installed: nothing to compare with
        var table = Regex.Matches(File.ReadAllText(header), @"#define __NR_(\w+) (\d+)")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        foreach (var rule in SeccompPolicy.TenderRules)
            table[rule.Name].Should().Be(rule.Number, rule.Name);
    }

    [Fact]
    public void Security_doc_lists_every_allowed_call_and_ioctl()
    {
        var doc = File.ReadAllText(Repo.PathOf("docs", "security.md"));
        foreach (var rule in SeccompPolicy.TenderRules)
            doc.Should().Contain($"`{rule.Name}`", $"docs/security.md must say why {rule.Name} is allowed");
        foreach (var rule in SeccompPolicy.IoctlRules)
            doc.Should().Contain($"`{rule.Name}`", $"docs/security.md must say why {rule.Name} is allowed");
    }
}
