using FluentAssertions;
using Solo5Net.Tests.VfioVm.Harness;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.VfioVm;

/// <summary>The VM harness itself, checked with plain shell commands inside the VM: the emulated
/// IOMMU puts edu in a group of its own, the real vfio-pci driver takes it, and the group's device
/// node appears — or, left unbound, does not.</summary>
[Trait("Category", "Slow")]
public sealed class HarnessTests
{
    private const string DescribeEdu = """
        d=/sys/bus/pci/devices/$EDU_BDF
        echo "bdf=$EDU_BDF"
        echo "ids=$(od -An -tx2 -N4 $d/config | tr -s ' ' | sed 's/^ //')"
        driver=$(readlink $d/driver); echo "driver=${driver##*/}"
        echo "group-members=$(ls $d/iommu_group/devices | tr '\n' ' ' | sed 's/ $//')"
        [ -c /dev/vfio/vfio ] && echo "container-node=yes" || echo "container-node=no"
        [ -c /dev/vfio/$EDU_GROUP ] && echo "group-node=yes" || echo "group-node=no"
        """;

    [VfioVmFact]
    public void Edu_is_alone_in_its_iommu_group_and_bound_to_vfio_pci()
    {
        var run = VfioTestVm.Run(DescribeEdu);

        run.ExitCode.Should().Be(0, run.ToString());
        var facts = Facts(run);
        facts["ids"].Should().Be("1234 11e8", "config space starts with edu's vendor and device id");
        facts["driver"].Should().Be("vfio-pci");
        facts["group-members"].Should().Be(facts["bdf"], "a viable group holds only the device we pass through");
        facts["container-node"].Should().Be("yes");
        facts["group-node"].Should().Be("yes");
        run.Console.Should().Contain($"vfio-vm: {facts["bdf"]} bound to vfio-pci");
    }

    [VfioVmFact]
    public void With_kvm_the_native_tender_boots_a_unikernel_inside_the_vm()
    {
        var hello = Repo.PathOf("tests", "guests-cs", "hello", "bin", Repo.Configuration, "net10.0", "hello.hvt");
        File.Exists(hello).Should().BeTrue($"{hello} is built with the solution");

        var run = VfioTestVm.Run($"{VfioTestVm.ShellQuote(Repo.NativeTender)} --mem=32 {VfioTestVm.ShellQuote(hello)} Hello_Solo5; echo exit=$?; " +
            "ip link show lo | grep -q LOWER_UP && echo lo=up", bindToVfio: false, kvm: true);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Hello, World").And.Contain("exit=0").And.Contain("lo=up", run.ToString());
        run.Console.Should().Contain("vfio-vm: KVM and loopback ready");
    }

    [VfioVmFact]
    public void Left_unbound_edu_has_no_driver_and_no_group_node()
    {
        var run = VfioTestVm.Run(DescribeEdu, bindToVfio: false);

        run.ExitCode.Should().Be(0, run.ToString());
        var facts = Facts(run);
        facts["ids"].Should().Be("1234 11e8");
        facts["driver"].Should().BeEmpty();
        facts["group-node"].Should().Be("no");
    }

    /// <summary>A repository cloned under /tmp (as CI may): the VM covers /tmp with its own, and the
    /// harness shares the repository again at its own path. Checked with a copy of what a run needs
    /// (the harness and pci-probe) laid out as in the repository, under the host's /tmp.</summary>
    [VfioVmFact]
    public void A_repository_under_tmp_is_seen_in_the_vm_at_its_own_path_read_only()
    {
        var checkout = Directory.CreateDirectory(Path.Combine("/tmp", $"vfio-vm-checkout-{Guid.NewGuid():N}")).FullName;
        try
        {
            var harness = Directory.CreateDirectory(Path.Combine(checkout, "tests", "vfio-vm")).FullName;
            foreach (var file in Directory.GetFiles(Repo.PathOf("tests", "vfio-vm")))
                File.Copy(file, Path.Combine(harness, Path.GetFileName(file)));
            var probe = Path.Combine(checkout, Path.GetRelativePath(Repo.Root, Repo.NativeTool("pci-probe")));
            Directory.CreateDirectory(Path.GetDirectoryName(probe)!);
            File.Copy(Repo.NativeTool("pci-probe"), probe);
            var quoted = VfioTestVm.ShellQuote(checkout);

            var r = VfioTestVm.RunScript(["--timeout", ((int)VfioTestVm.VmTimeout.TotalSeconds).ToString(), "--", $"""
                echo "tmp=$(ls -A /tmp)"
                touch {quoted}/written 2>/dev/null && echo "repository=writable" || echo "repository=read-only"
                {VfioTestVm.ShellQuote(probe)} edu0=$EDU_BDF --edu
                """], VfioTestVm.VmTimeout + TimeSpan.FromSeconds(30), script: Path.Combine(harness, "run-in-vm.sh"));

            r.ExitCode.Should().Be(0, r.ToString());
            r.Stdout.Should().Contain($"tmp={Path.GetFileName(checkout)}\n", "the VM's /tmp is its own, with only the repository mounted in it");
            r.Stdout.Should().Contain("repository=read-only\n");
            r.Stdout.Should().EndWith("PCI PROBE PASS\n", "pci-probe ran from the repository under /tmp");
        }
        finally
        {
            Directory.Delete(checkout, recursive: true);
        }
    }

    private static Dictionary<string, string> Facts(VmRun run) =>
        run.StdoutLines.Where(l => l.Contains('='))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
}
