using System.Text.RegularExpressions;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>The compiled tender filter, judged by <see cref="BpfInterpreter"/> call by call.</summary>
public class SeccompPolicyTests
{
    private const int Pid = 4242;
    private static readonly uint Allow = SeccompData.ReturnAllow;
    private static readonly uint Eperm = SeccompData.ReturnErrno(Errno.EPERM);
    private static readonly uint Enosys = SeccompData.ReturnErrno(Errno.ENOSYS);

    private static readonly SockFilter[] Filter = SeccompFilterCompiler.Compile(SeccompPolicy.ForTender(Pid, allowNewFiles: false, allowExecutableMemory: false));
    private static readonly SockFilter[] FilterWithNewFiles = SeccompFilterCompiler.Compile(SeccompPolicy.ForTender(Pid, allowNewFiles: true, allowExecutableMemory: false));
    private static readonly SockFilter[] FilterForJit = SeccompFilterCompiler.Compile(SeccompPolicy.ForTender(Pid, allowNewFiles: false, allowExecutableMemory: true));

    private static uint Judge(int number, params ulong[] args) => BpfInterpreter.Run(Filter, (uint)number, args);

    [Fact]
    public void Another_architecture_kills_the_process_and_x32_numbers_are_refused()
    {
        const uint auditArchI386 = 3 | 0x40000000;
        BpfInterpreter.Run(Filter, 0, arch: auditArchI386).Should().Be(SeccompData.ReturnKillProcess);
        BpfInterpreter.Run(Filter, 0x40000000 | 39).Should().Be(Eperm);   // x32 getpid
        BpfInterpreter.Run(Filter, 0xffffffff).Should().Be(Eperm);
    }

    [Fact]
    public void Every_refused_call_gets_EPERM_and_every_unavailable_one_ENOSYS()
    {
        foreach (var rule in SeccompPolicy.TenderRules.Where(r => r.Treatment == SyscallTreatment.Refused))
            Judge(rule.Number).Should().Be(Eperm, rule.Name);
        foreach (var rule in SeccompPolicy.TenderRules.Where(r => r.Treatment == SyscallTreatment.Unavailable))
            Judge(rule.Number).Should().Be(Enosys, rule.Name);
    }

    [Fact]
    public void Calls_the_runtime_and_the_run_loop_make_are_allowed()
    {
        int[] everyday = [0, 1, 3, 7, 9, 10, 11, 12, 13, 14, 17, 18, 20, 24, 28, 39, 186, 202, 228, 230, 231, 232, 233, 281, 284, 291, 318, 319, 324];
        foreach (var number in everyday) Judge(number).Should().Be(Allow, $"syscall {number}");
        Judge(16, 5, 0xAE80).Should().Be(Allow, "ioctl(KVM_RUN)");
    }

    [Fact]
    public void Any_unlisted_call_is_allowed()
    {
        var listed = SeccompPolicy.TenderRules.Select(r => (uint)r.Number).ToHashSet();
        var numbers = Gen.OneOf(Gen.Choose(0, 512), Gen.Choose(0, 0x3fffffff)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000),
            Prop.ForAll(numbers, n => listed.Contains((uint)n) || Judge(n) == Allow));
    }

    [Fact]
    public void No_memory_is_mapped_or_made_executable_unless_the_runtime_has_a_jit()
    {
        const ulong read = 1, write = 2, exec = 4, privateAnonymous = 0x22;
        foreach (var (number, name) in new[] { (9, "mmap"), (10, "mprotect"), (329, "pkey_mprotect") })
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
    }

    [Fact]
    public void Clone_is_allowed_for_threads_only()
    {
        const ulong glibcThreadFlags = 0x3d0f00;   // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        Judge(56, glibcThreadFlags).Should().Be(Allow);
        Judge(56, 17).Should().Be(Eperm, "fork through clone(SIGCHLD)");
        Judge(56, 0x01200011).Should().Be(Eperm, "glibc fork's flags");
        Judge(56, 0xffffffff00000000).Should().Be(Eperm, "only the low 32 bits count");
    }

    [Fact]
    public void Opens_are_allowed_read_only()
    {
        foreach (var (number, flagsArg) in new[] { (2, 1), (257, 2) })
        {
            ulong[] Args(ulong flags) { var a = new ulong[3]; a[flagsArg] = flags; return a; }
            Judge(number, Args(0x80000)).Should().Be(Allow, "O_RDONLY|O_CLOEXEC");
            Judge(number, Args(0x10000 | 0x800)).Should().Be(Allow, "O_DIRECTORY|O_NONBLOCK");
            foreach (ulong flags in new ulong[] { 1, 2, 0x40, 0x200, 0x41 | 0x80, 0x401, 0x410000 | 2 })
                Judge(number, Args(flags)).Should().Be(Eperm, $"flags 0x{flags:x}");
        }
    }

    [Fact]
    public void With_new_files_allowed_only_exclusive_creation_is_added()
    {
        uint Open(ulong flags) => BpfInterpreter.Run(FilterWithNewFiles, 257, [0, 0, flags]);
        Open(0x80000).Should().Be(Allow);
        Open(0x1 | 0x40 | 0x80).Should().Be(Allow, "O_WRONLY|O_CREAT|O_EXCL (dumpcore)");
        Open(0x1 | 0x40).Should().Be(Eperm, "O_CREAT without O_EXCL could open an existing file");
        Open(0x2).Should().Be(Eperm);
        Open(0x1 | 0x200).Should().Be(Eperm);
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
        Judge(302, 0, 7).Should().Be(Allow);
        Judge(302, Pid, 7).Should().Be(Allow);
        Judge(302, 1, 7).Should().Be(Eperm);
    }

    [Fact]
    public void Ioctl_refuses_terminal_injection_only()
    {
        Judge(16, 0, 0x5412).Should().Be(Eperm, "TIOCSTI");
        Judge(16, 0, 0x541c).Should().Be(Eperm, "TIOCLINUX");
        Judge(16, 0, 0x5401).Should().Be(Allow, "TCGETS");
        Judge(16, 7, 0x400454ca).Should().Be(Allow, "TUNSETIFF");
    }

    [Fact]
    public void Rules_name_distinct_calls_and_the_program_fits()
    {
        SeccompPolicy.TenderRules.Select(r => r.Number).Should().OnlyHaveUniqueItems();
        SeccompPolicy.TenderRules.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        SeccompPolicy.TenderRules.Should().OnlyContain(r => r.Reason.Length > 0);
        Filter.Length.Should().BeLessThan(Seccomp.MaxInstructions);
    }

    [Fact]
    public void Rule_numbers_agree_with_the_kernel_headers()
    {
        const string header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";
        if (!File.Exists(header)) return;   // linux-libc-dev not installed: nothing to compare with
        var table = Regex.Matches(File.ReadAllText(header), @"#define __NR_(\w+) (\d+)")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        foreach (var rule in SeccompPolicy.TenderRules)
            if (table.TryGetValue(rule.Name, out var number)) number.Should().Be(rule.Number, rule.Name);
        table.Keys.Intersect(SeccompPolicy.TenderRules.Select(r => r.Name)).Count()
            .Should().BeGreaterThan(SeccompPolicy.TenderRules.Count - 5, "only calls newer than the headers may be missing");
    }

    [Fact]
    public void Security_doc_lists_every_rule()
    {
        var doc = File.ReadAllText(Repo.PathOf("docs", "security.md"));
        foreach (var rule in SeccompPolicy.TenderRules)
            doc.Should().Contain($"`{rule.Name}`", $"docs/security.md must say what happens to {rule.Name}");
    }
}
