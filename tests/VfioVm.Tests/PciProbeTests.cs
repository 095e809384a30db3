using FluentAssertions;
using Solo5Net.Tests.VfioVm.Harness;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.VfioVm;

/// <summary>The tender's host VFIO backend against the real Linux vfio-pci driver and an IOMMU:
/// `pci-probe` (tests/PciProbe: the tender's PCI code without KVM) attaches edu (container, group,
/// device, BAR mmap, IOMMU-mapped DMA), runs a DMA round trip through the device, receives its
/// interrupts on an eventfd wired with VFIO_DEVICE_SET_IRQS, and detaches.</summary>
[Trait("Category", "Slow")]
public sealed class PciProbeTests
{
    [VfioVmFact]
    public void Probe_attaches_edu_through_vfio_round_trips_dma_and_receives_its_msi()
    {
        var withEdu = ProbeCommand("edu0=$EDU_BDF", "--edu", "--edu-irq");
        var run = VfioTestVm.Run($"""
            echo "bdf=$EDU_BDF"
            {withEdu} || exit $?
            echo "--- second attach"
            {withEdu} || exit $?
            echo "irq-lines=$(grep -c vfio /proc/interrupts || true)"
            echo "--- window layout"
            {ProbeCommand("edu0=$EDU_BDF", "--pci-dma:edu0=4M")} || exit $?
            {KernelLogCommand}
            """);

        run.ExitCode.Should().Be(0, run.ToString());
        var bdf = run.StdoutLines.First(l => l.StartsWith("bdf=", StringComparison.Ordinal))["bdf=".Length..];
        var attaches = Sections(run);
        attaches.Should().HaveCount(3, run.ToString());
        foreach (var output in attaches)
        {
            output.Should().Contain(l => l.StartsWith($"pci-probe: edu0 {bdf} vendor=0x1234 device=0x11e8", StringComparison.Ordinal),
                run.ToString());
            output.Should().Contain(l => l.StartsWith("pci-probe: bar0 mem size=0x100000 mapped", StringComparison.Ordinal),
                "edu's BAR0 is 1 MiB of registers, mmap-able through vfio-pci");
            output.Last().Should().Be("PCI PROBE PASS");
        }
        foreach (var output in attaches.Take(2))
        {
            output.Should().Contain(l => l.StartsWith("pci-probe: edu id=0x010000ed liveness ok dma 2048 bytes ok", StringComparison.Ordinal),
                "each attach reads edu's id register and round-trips 2048 bytes of DMA through the IOMMU");
            output.Should().Contain("pci-probe: edu irq MSI ok (2 interrupts)",
                "edu offers MSI: vfio-pci wires it to the probe's eventfd, and each raise arrives once (again after a re-attach)");
        }
        run.StdoutLines.Should().Contain("irq-lines=0", "detaching disables the interrupt: vfio-pci holds no host IRQ afterwards");
        attaches[2].Should().Contain(l => l.StartsWith("pci-probe: dma iova=0x100000000 size=0x400000 ", StringComparison.Ordinal),
            "without edu's 28-bit limit the DMA memory sits at the unikernel's window base (docs/abi.md §4), IOVA = GPA");
        KernelLog(run).Should().NotContain(l => l.Contains("fault addr"), "a correct probe causes no IOMMU faults");
    }

    /// <summary>The probe's stdout split at the "--- " marker lines, up to the kernel log.</summary>
    private static List<List<string>> Sections(VmRun run)
    {
        var sections = new List<List<string>> { new() };
        foreach (var line in run.StdoutLines.Where(l => !l.StartsWith("bdf=", StringComparison.Ordinal)
                     && !l.StartsWith("irq-lines=", StringComparison.Ordinal)))
        {
            if (line == "--- kernel log") break;
            if (line.StartsWith("--- ", StringComparison.Ordinal)) sections.Add([]);
            else sections[^1].Add(line);
        }
        return sections;
    }

    [VfioVmFact]
    public void Probe_of_a_device_not_bound_to_vfio_pci_fails_with_a_one_line_reason()
    {
        var run = VfioTestVm.Run(ProbeCommand("edu0=$EDU_BDF", "--edu"), bindToVfio: false);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stdout.Should().NotContain("PCI PROBE PASS");
        var probeErrors = run.Stderr.Split('\n').Where(l => !l.StartsWith("run-in-vm:", StringComparison.Ordinal)
            && l.Trim().Length > 0).ToList();
        probeErrors.Should().ContainSingle(run.ToString()).Which.Should()
            .StartWith("pci-probe: ").And.Contain("not bound to vfio-pci");
        run.Stderr.Should().NotContain("   at ", "a refused device is not a crash");
    }

    [VfioVmFact]
    public void Iommu_blocks_edu_dma_to_an_iova_the_probe_did_not_map()
    {
        var run = VfioTestVm.Run($"""
            {ProbeCommand("edu0=$EDU_BDF", "--edu-fault")} || exit $?
            {KernelLogCommand}
            """);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StdoutLines.Should().Contain(l => l.Contains("dma 2048 bytes ok"), "mapped DMA works before the stray one");
        var issued = run.StdoutLines.Single(l => l.StartsWith("pci-probe: edu dma to unmapped iova=0x", StringComparison.Ordinal));
        var iova = Convert.ToUInt64(issued.Split("iova=0x")[1].Split(' ')[0], 16);
        var faultPage = $"fault addr 0x{iova & ~0xFFFUL:x}";
        KernelLog(run).Should().Contain(l => l.Contains("DMAR") && l.Contains("DMA Write") && l.Contains(faultPage),
            "the VM's IOMMU must refuse the device's write to an IOVA that was never mapped\n" + run);
    }

    [VfioVmFact]
    public void Probe_refuses_a_shared_iommu_group_until_the_other_device_is_unbound()
    {
        var probe = ProbeCommand("edu0=$EDU_BDF", "--edu");
        var run = VfioTestVm.Run($"""
            {probe}
            echo "first=$?"
            for d in /sys/bus/pci/devices/$EDU_BDF/iommu_group/devices/*; do
                [ "$(cat $d/vendor)" = 0x1af4 ] && other=$(basename $d)
            done
            echo "other=$other"
            echo "$other" > /sys/bus/pci/devices/$other/driver/unbind || exit 99
            {probe}
            """, sharedIommuGroup: true);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StdoutLines.Should().Contain("first=1", "the first attach must be refused");
        var other = run.StdoutLines.Single(l => l.StartsWith("other=", StringComparison.Ordinal))["other=".Length..];
        other.Should().NotBeEmpty(run.ToString());
        var refusal = run.Stderr.Split('\n').Where(l => l.StartsWith("pci-probe: ", StringComparison.Ordinal)).ToList();
        refusal.Should().ContainSingle(run.ToString()).Which.Should()
            .Contain("is not viable").And.Contain($"{other} (virtio-pci)");
        run.StdoutLines.Last().Should().Be("PCI PROBE PASS", "with the other device unbound the group is viable");
        run.StdoutLines.Should().Contain(l => l.Contains("dma 2048 bytes ok"));
    }

    /// <summary>Appended to a VM command: the kernel's IOMMU (DMAR) messages, after a marker line.</summary>
    private const string KernelLogCommand = "echo '--- kernel log'; dmesg | grep DMAR || true";

    private static IEnumerable<string> KernelLog(VmRun run) =>
        run.StdoutLines.SkipWhile(l => l != "--- kernel log").Skip(1);

    /// <summary>pci-probe as built in this repository, as a shell command line for inside the VM
    /// (which sees this host's root, and this repository, at the same paths).</summary>
    private static string ProbeCommand(params string[] args)
    {
        var (file, prefix) = Repo.Tool("pci-probe");
        return string.Join(' ', new[] { file }.Concat(prefix).Select(VfioTestVm.ShellQuote).Concat(args));
    }
}
