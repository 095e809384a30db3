using System.Text.RegularExpressions;
using FluentAssertions;
using Solo5Net.Tests.Pci.VfioUser;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>
/// The C# edu driver (tests/guests-cs/pci-edu, built with the C# guest SDK and bindings) on the real
/// tender against a real hvt-devemu edu server over vfio-user: ids, BAR0, registers, factorial, DMA
/// both ways, and interrupts (INTx and MSI) reported through Solo5.Yield. pci-edu.hvt declares edu's
/// 28 bits of DMA address (docs/abi.md §2), pci-edu-wide.hvt declares none.
/// </summary>
public sealed class CSharpEduGuestTests
{
    private static readonly string[] Steps =
    [
        "edu: ids ok", "edu: bar0 ok", "edu: identification ok", "edu: liveness ok", "edu: factorial ok",
        "edu: factorial interrupt ok", "edu: dma ok", "edu: interrupt ok", "edu: no spurious wake-up ok",
        "edu: intx disable ok", "edu: msi ok", "SUCCESS",
    ];

    /// <summary>Guest memory that leaves room for the 28-bit device's DMA window below 256 MiB.</summary>
    private const string NarrowMemory = "--mem=64";

    /// <summary>An image of pci-edu in the same configuration as this test assembly (bin/CONFIG/net10.0/).</summary>
    private static string Image(string name = "pci-edu")
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var path = Repo.PathOf("tests", "guests-cs", "pci-edu", "bin", configuration, "net10.0", name + ".hvt");
        if (!File.Exists(path)) throw new FileNotFoundException($"{name}.hvt was not built (build tests/Pci.Tests)", path);
        return path;
    }

    private static ProcessResult RunGuest(DevEmuServer edu, string image = "pci-edu", string memory = NarrowMemory) =>
        ProcessRunner.RunTool("hvt-tender", [memory, $"--pci-dev:edu0=vfio-user:{edu.SocketPath}", Image(image)], TimeSpan.FromSeconds(60));

    /// <summary>The guest's own lines (without the bindings' "Solo5:" banner).</summary>
    private static List<string> GuestLines(ProcessResult r) =>
        r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Solo5: ", StringComparison.Ordinal)).ToList();

    /// <summary>Exit 0 and exactly the driver's steps in order (a step's line may carry details after its text).</summary>
    private static void PassesEveryStep(ProcessResult r)
    {
        r.ExitCode.Should().Be(0, r.ToString());
        var lines = GuestLines(r);
        lines.Should().HaveCount(Steps.Length, r.ToString());
        for (var i = 0; i < Steps.Length; i++)
            lines[i].Should().StartWith(Steps[i], "step {0} of the driver, in order\n{1}", i, r);
    }

    [KvmFact]
    public void CSharp_edu_driver_passes_every_step_on_a_28_bit_edu_with_its_window_below_256_MiB()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var r = RunGuest(edu);

        PassesEveryStep(r);
        r.Stderr.Should().BeEmpty();
        edu.WaitForClientToLeave().Should().BeTrue("the tender disconnects at exit");
    }

    /// <summary>The same guest on an edu that also offers MSI-X (32 vectors): after the MSI step it
    /// drives vectors through PciDevice's MSI-X API (docs/abi.md §7) and reports the count.</summary>
    [KvmFact]
    public void CSharp_edu_driver_uses_msix_vectors_over_vfio_user()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 64, msixVectors: 32);
        var r = RunGuest(edu);

        r.ExitCode.Should().Be(0, r.ToString());
        var lines = GuestLines(r);
        lines.Should().HaveCount(Steps.Length + 1, r.ToString());
        for (var i = 0; i < Steps.Length - 1; i++)
            lines[i].Should().StartWith(Steps[i], "step {0} of the driver, in order\n{1}", i, r);
        lines.TakeLast(2).Should().Equal("edu: msix ok (32 vectors)", "SUCCESS");
        r.Stderr.Should().BeEmpty();
        edu.WaitForClientToLeave().Should().BeTrue("the tender disconnects at exit");
    }

    [KvmFact]
    public void A_device_that_declares_no_width_gets_its_window_above_4_GiB_which_a_64_bit_edu_reaches()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 64);
        var r = RunGuest(edu, "pci-edu-wide", memory: "--mem=512");

        PassesEveryStep(r);
    }

    [KvmFact]
    public void Tender_refuses_a_narrow_window_that_cannot_lie_below_the_device_limit_naming_the_sizes()
    {
        // 512 MiB of guest memory already lies above the 256 MiB a 28-bit device can reach.
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var r = RunGuest(edu, memory: "--mem=512");

        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().NotContain("edu: ", "the guest never starts");
        r.Stderr.Trim().Should().Be("hvt-tender: edu0: the device addresses 28 bits of DMA (below 256 MiB), but its 64 KiB DMA window, " +
            "placed above guest memory and the windows before it (512 MiB), would end at 512.06 MiB, above 256 MiB; " +
            "give the guest less memory (--mem) or the device less DMA memory (--pci-dma:edu0=SIZE)");
    }

    [KvmFact]
    public void Driver_waits_for_a_slow_dma_on_the_clock_not_for_a_count_of_reads()
    {
        // QEMU's edu takes 100 ms for a DMA; this one takes 1.5 s, far longer than any fixed number of
        // BAR reads lasts, and less than the driver's 2 s deadline on the monotonic clock.
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28, dmaLatencyMs: 1500);
        var r = RunGuest(edu);

        PassesEveryStep(r);
    }

    [KvmFact]
    public void Interrupt_wakes_the_guest_by_the_device_bit_before_the_deadline()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var r = RunGuest(edu);

        r.ExitCode.Should().Be(0, r.ToString());
        // The guest reports how its Yield ended: by its ready set naming the device, after a time it
        // measured itself against the deadline it passed. A wake by the deadline would say so and fail.
        var line = GuestLines(r).Single(l => l.StartsWith("edu: interrupt ok", StringComparison.Ordinal));
        var m = Regex.Match(line, @"^edu: interrupt ok \(woken by readiness after (\d+) us, deadline (\d+) us\)$");
        m.Success.Should().BeTrue(line);
        ulong.Parse(m.Groups[1].Value).Should().BeLessThan(ulong.Parse(m.Groups[2].Value),
            "the device's interrupt, not the deadline, ended the wait");
    }

    [KvmFact]
    public void Driver_names_the_first_wrong_byte_when_the_device_cannot_reach_the_dma_window()
    {
        // The real edu keeps 28 DMA address bits: without the manifest saying so the window lies above
        // 4 GiB, out of its reach, so the device-to-guest copy never lands and the byte check catches it.
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var r = RunGuest(edu, "pci-edu-wide", memory: "--mem=512");

        r.ExitCode.Should().Be(1, r.ToString());
        var lines = GuestLines(r);
        lines.Should().ContainInOrder(Steps.Take(6));
        lines.Should().Contain("edu: FAIL dma: byte of the copy back [0]: expected 0x3, got 0xee");
        lines.Last().Should().Be("FAILURE");
        lines.Should().NotContain("SUCCESS");
    }
}
