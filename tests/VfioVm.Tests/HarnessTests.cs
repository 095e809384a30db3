using FluentAssertions;
using Solo5Net.Tests.VfioVm.Harness;
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
    public void Left_unbound_edu_has_no_driver_and_no_group_node()
    {
        var run = VfioTestVm.Run(DescribeEdu, bindToVfio: false);

        run.ExitCode.Should().Be(0, run.ToString());
        var facts = Facts(run);
        facts["ids"].Should().Be("1234 11e8");
        facts["driver"].Should().BeEmpty();
        facts["group-node"].Should().Be("no");
    }

    private static Dictionary<string, string> Facts(VmRun run) =>
        run.StdoutLines.Where(l => l.Contains('='))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
}
