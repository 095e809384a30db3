using System.Text;
using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>
/// tests/SeccompProbe installs the tender's filter (the same TenderConfinement code) on itself and
/// then makes the calls a compromised tender would make, plus the work the .NET runtime must keep
/// doing, also on threads narrowed to a role. Every refusal must come with the documented errno
/// (docs/security.md).
/// </summary>
public class SeccompProbeTests
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["seccomp-mode"] = "2",
        ["execve"] = "EPERM",
        ["execveat"] = "EPERM",
        ["fork"] = "EPERM",
        ["clone-process"] = "EPERM",
        ["clone-thread-flags"] = "EINVAL",   // passes the filter; the kernel refuses the incomplete flag set
        ["clone3"] = "ENOSYS",
        ["socket-inet"] = "EPERM",
        ["socket-unix"] = "EPERM",
        ["openat-create"] = "EPERM",
        ["openat-truncate"] = "EPERM",
        ["openat-readwrite"] = "EPERM",
        ["openat-readonly"] = "OK",
        ["unlink"] = "EPERM",
        ["ptrace"] = "EPERM",
        ["mount"] = "EPERM",
        ["kill-other"] = "EPERM",
        ["kill-self"] = "OK",
        ["tgkill-self"] = "OK",
        ["prlimit-other"] = "EPERM",
        ["bpf"] = "EPERM",
        ["ioctl-tiocsti"] = "EPERM",
        ["io_uring_setup"] = "EPERM",
        ["init_module"] = "EPERM",
        ["setuid"] = "EPERM",
        ["unshare"] = "EPERM",
        ["x32-getpid"] = "EPERM",
        ["mmap-exec"] = "EPERM",       // the probe is native, like the tender: no JIT, so no executable memory
        ["mprotect-exec"] = "EPERM",
        ["mmap-readwrite"] = "OK",
        // The holes of the former deny-list: none of these is on the allow-list.
        ["fchmod"] = "EPERM",
        ["fchown"] = "EPERM",
        ["fsetxattr"] = "EPERM",
        ["fremovexattr"] = "EPERM",
        ["shmget"] = "EPERM",
        ["setpriority-other"] = "EPERM",
        ["sched_setaffinity-other"] = "EPERM",
        ["sched_setattr-other"] = "EPERM",
        ["ioprio_set-other"] = "EPERM",
        ["migrate_pages-other"] = "EPERM",
        ["move_pages-other"] = "EPERM",
        ["memfd_create"] = "EPERM",
        ["ioctl-sg_io"] = "EPERM",
        ["ioctl-tunsetiff"] = "EPERM",
        ["ioctl-fs_ioc_setflags"] = "EPERM",
        ["fcntl-setown"] = "EPERM",
        // Each thread role keeps its own calls only (EBADF: let through to the kernel, descriptor -1).
        ["Main-role-kvm_run"] = "EPERM",
        ["Vcpu-role-kvm_run"] = "EBADF",
        ["Vcpu-role-device_reset"] = "EPERM",
        ["RingIo-role-sendmsg"] = "EPERM",
        ["RingIo-role-pread64"] = "EPERM",
        ["RingIo-role-write"] = "EBADF",
        ["managed-process-start"] = "refused",
        ["managed-socket"] = "refused",
        ["managed-file-create"] = "refused",
        ["thread"] = "OK",
        ["task"] = "OK",
        ["timer"] = "OK",
        ["gc"] = "OK",
        ["read-proc-status"] = "OK",
        ["write-preopened"] = "OK",
    };

    private static Dictionary<string, string> RunProbe(string dir, params string[] extra)
    {
        var r = ProcessRunner.RunTool("seccomp-probe", [dir, .. extra], TimeSpan.FromSeconds(60));
        r.TimedOut.Should().BeFalse(r.ToString());
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().BeEmpty(r.ToString());
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
    }

    [Fact]
    public void Denied_calls_are_refused_and_the_runtime_keeps_working()
    {
        using var dir = new TempDir();
        dir.Write("existing", "original"u8.ToArray());

        var results = RunProbe(dir.Path);

        results.Remove("instructions");
        results.Should().Equal(Expected);
        Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Should().BeEquivalentTo("existing", "preopened");
        File.ReadAllText(dir.File("existing")).Should().Be("original");
        File.ReadAllText(dir.File("preopened"), Encoding.UTF8).Should().Be("written after confinement");
    }

    /// <summary>Without the filter every refusal probe gives another answer: none of them passes by accident.</summary>
    [RootFact]
    public void Without_the_filter_every_refusal_probe_answers_differently()
    {
        using var dir = new TempDir();
        dir.Write("existing", "original"u8.ToArray());

        var results = RunProbe(dir.Path, "--unconfined");

        results["seccomp-mode"].Should().Be("0");
        var refusals = Expected.Where(e => e.Value is "EPERM" or "ENOSYS" or "refused").ToList();
        foreach (var (probe, refused) in refusals)
        {
            if (!results.TryGetValue(probe, out var unconfined)) continue;   // skipped: would really run a program or a process
            unconfined.Should().NotBe(refused, $"{probe} must depend on the filter");
        }
        results.Keys.Intersect(refusals.Select(r => r.Key)).Count().Should().Be(refusals.Count - 5);
    }
}
