using FluentAssertions;
using Solo5Net.Tests.VfioVm.Harness;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.VfioVm;

/// <summary>What the CI run of the KVM tests in the VM (two emulated CPUs) does all the time:
/// unikernels started and stopped back to back while another runs. With QEMU's multi-threaded TCG this wedged the VM, or
/// corrupted its kernel's memory, within a minute (docs/platform.md §7, "One host thread for the VM's
/// CPUs"); the harness now emulates all of the VM's CPUs on one host thread.</summary>
[Trait("Category", "Slow")]
public sealed class NestedGuestChurnTests
{
    private const int ForegroundRounds = 30;
    private const int SideRuns = 200;

    [VfioVmFact]
    public void Unikernels_started_and_stopped_beside_a_running_one_all_run_to_their_end()
    {
        var guests = Path.Combine(AppContext.BaseDirectory, "guests");
        foreach (var guest in new[] { "hcloop", "spin" })
            File.Exists(Path.Combine(guests, guest + ".hvt")).Should().BeTrue($"{guest}.hvt is built with these tests");
        var tender = VfioTestVm.ShellQuote(Repo.NativeTender);
        var hcloop = VfioTestVm.ShellQuote(Path.Combine(guests, "hcloop.hvt"));
        var spin = VfioTestVm.ShellQuote(Path.Combine(guests, "spin.hvt"));
        var helloImage = Repo.PathOf("tests", "guests-cs", "hello", "bin", Repo.Configuration, "net10.0", "hello.hvt");
        File.Exists(helloImage).Should().BeTrue($"{helloImage} is built with the solution");
        var hello = VfioTestVm.ShellQuote(helloImage);

        // A side loop creates and destroys a VM about every quarter second while the foreground
        // alternates 20,000 hypercall exits, 40 million instructions that make none, and a C# boot.
        var run = VfioTestVm.Run($"""
            ( n=0; while [ $n -lt {SideRuns} ]; do {tender} --mem=8 {hcloop} 0 >/dev/null 2>&1 || echo "side run $n failed: $?"; n=$((n+1)); done; echo "side runs=$n" ) &
            side=$!
            i=0
            while [ $i -lt {ForegroundRounds} ]; do
                {tender} --mem=32 {hcloop} 20000 >/dev/null 2>&1 || echo "hcloop run $i failed: $?"
                {tender} --mem=32 {spin} 20000000 >/dev/null 2>&1 || echo "spin run $i failed: $?"
                {tender} --mem=32 {hello} Hello_Solo5 >/dev/null 2>&1 || echo "hello run $i failed: $?"
                i=$((i+1))
            done
            wait $side
            echo "foreground rounds=$i"
            """, bindToVfio: false, kvm: true, timeout: TimeSpan.FromMinutes(6), cpus: 2);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().NotContain("failed", run.ToString());
        run.StdoutLines.Should().Contain($"side runs={SideRuns}").And.Contain($"foreground rounds={ForegroundRounds}");
        run.Console.Should().NotContain("soft lockup").And.NotContain("Kernel panic");
    }
}
