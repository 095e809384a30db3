using FluentAssertions;
using Solo5Net.Tests.VfioVm.Harness;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.VfioVm;

/// <summary>tests/vfio-vm's contract apart from what happens inside the VM: kernel choice, module
/// order, usage errors, the timeout status.</summary>
public sealed class ScriptTests
{
    private static readonly string Lib = Repo.PathOf("tests", "vfio-vm", "lib.sh");

    [VfioVmFact]
    public void Check_names_a_packaged_kernel_that_has_its_modules_installed()
    {
        var r = VfioTestVm.RunScript(["--check"]);

        r.ExitCode.Should().Be(0, r.ToString());
        var version = r.Stdout.Split(' ', ',')[1];
        File.Exists($"/boot/vmlinuz-{version}").Should().BeTrue(r.Stdout);
        Directory.Exists($"/lib/modules/{version}").Should().BeTrue("the VM loads that kernel's own modules");
    }

    [VfioVmFact]
    public void Modules_are_loaded_after_everything_they_depend_on()
    {
        var version = Bash($"source {Lib} && vfio_vm_kernel_version").Trim();
        var order = Bash($"source {Lib} && vfio_vm_module_load_order {version}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var dependencies = File.ReadLines($"/lib/modules/{version}/modules.dep")
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));

        order.Should().OnlyHaveUniqueItems();
        order.Select(p => Path.GetFileName(p).Split('.')[0].Replace('-', '_'))
            .Should().Contain(["vfio_pci", "vfio_iommu_type1", "9p", "9pnet_virtio"]);
        for (var i = 0; i < order.Length; i++)
            dependencies[order[i]].Except(order[..i]).Should().BeEmpty($"{order[i]} needs them loaded first");
    }

    [VfioVmFact]
    public void With_nics_the_initrd_carries_the_vm_kernels_e1000e_driver_and_no_driver_for_the_passed_through_cards()
    {
        var initrd = Path.Combine(Path.GetTempPath(), $"vfio-vm-initrd-{Guid.NewGuid():N}.cpio");
        try
        {
            Bash($"bash {VfioTestVm.ShellQuote(Repo.PathOf("tests", "vfio-vm", "build-initrd.sh"))} --kvm --nics {initrd}");
            var modules = Bash($"cpio --quiet -i --to-stdout modules/load-order <{initrd}")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);

            modules.Should().Contain(["e1000e.ko", "kvm-amd.ko", "vfio-pci.ko"]);
            modules.Should().NotContain(["e1000.ko", "virtio_net.ko"],
                "the e1000 and the virtio-net go to vfio-pci: no kernel driver may claim them first");
        }
        finally
        {
            File.Delete(initrd);
        }
    }

    [VfioVmFact]
    public void An_unusable_kernel_choice_is_one_clear_line()
    {
        var r = VfioTestVm.RunScript(["--check"], env: new Dictionary<string, string>
        {
            ["VFIO_VM_KERNEL_VERSION"] = "0.0.0-none",
        });

        r.ExitCode.Should().Be(1);
        r.Stderr.Trim().Should().StartWith("run-in-vm: no kernel with VFIO modules").And.NotContain("\n");
    }

    [Fact]
    public void A_command_line_without_a_command_is_a_usage_error()
    {
        var r = VfioTestVm.RunScript(["--no-bind"]);

        r.ExitCode.Should().Be(2);
        r.Stderr.Should().StartWith("usage: run-in-vm.sh");
    }

    [VfioVmFact]
    [Trait("Category", "Slow")]
    public void A_vm_that_does_not_finish_in_time_is_stopped_with_status_124()
    {
        var r = VfioTestVm.RunScript(["--timeout", "3", "sleep 600"], TimeSpan.FromSeconds(60));

        r.ExitCode.Should().Be(124, r.ToString());
        r.Stderr.Should().Contain("run-in-vm: the VM did not finish within 3 s");
    }

    private static string Bash(string script)
    {
        var r = ProcessRunner.Run("bash", ["-c", script]);
        r.ExitCode.Should().Be(0, r.ToString());
        return r.Stdout;
    }
}
