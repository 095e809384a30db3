using FluentAssertions;
using Solo5Net.Tests.Pci.VfioUser;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>The tender with real unikernels (tests/guests/pci_*.c) and real vfio-user servers.</summary>
public sealed class PciGuestTests
{
    private static string Guest(string name) => Path.Combine(AppContext.BaseDirectory, "guests", name + ".hvt");

    private static ProcessResult Tender(params string[] args) =>
        ProcessRunner.RunTool("hvt-tender", args, TimeSpan.FromSeconds(60));

    [KvmFact]
    public void Edu_guest_uses_config_space_bars_dma_and_interrupts_over_vfio_user()
    {
        using var edu = DevEmuServer.StartEdu();
        var r = Tender($"--pci-dev:edu0=vfio-user:{edu.SocketPath}", Guest("pci_edu"));
        r.Stdout.Should().Be("info ok\nconfig ok\nregisters ok\ndma ok\ninterrupt ok\nPCI EDU PASS\n", r.ToString());
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().BeEmpty();
        edu.WaitForClientToLeave().Should().BeTrue("the tender disconnects at exit");
    }

    [KvmFact]
    public void Two_devices_each_reach_the_others_dma_window_and_interrupt_under_their_own_handle()
    {
        using var edu0 = DevEmuServer.StartEdu();
        using var edu1 = DevEmuServer.StartEdu();
        // Options in the other order than the manifest: windows still follow manifest order.
        var r = Tender($"--pci-dev:edu1=vfio-user:{edu1.SocketPath}", $"--pci-dev:edu0=vfio-user:{edu0.SocketPath}", Guest("pci_edu2"));
        r.Stdout.Should().Be("two devices ok\ncross-device dma ok\ninterrupt by handle ok\nPCI EDU2 PASS\n", r.ToString());
        r.ExitCode.Should().Be(0, r.ToString());
    }

    [KvmFact]
    public void Verbose_run_says_which_pages_back_the_dma_memory()
    {
        using var edu = DevEmuServer.StartEdu();
        var r = Tender("--verbose", $"--pci-dev:edu0=vfio-user:{edu.SocketPath}", "--pci-dma:edu0=2M", Guest("pci_edu"));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().MatchRegex(@"edu0: 2 MiB of DMA memory at 0x100000000 \((2 MiB huge|4 KiB) pages\)");
        r.Stderr.Should().Contain($"edu0: released vfio-user:{edu.SocketPath}");
    }

    [KvmFact]
    public void Too_little_dma_memory_is_refused_before_boot_with_the_exact_line()
    {
        var r = Tender("--pci-dev:net0=vfio-user:/nonexistent.sock", "--pci-dma:net0=4M", Guest("pci_net0"));
        r.ExitCode.Should().Be(1);
        r.Stdout.Should().BeEmpty("the guest never ran");
        r.Stderr.Should().Be("hvt-tender: net0: the unikernel declares it needs at least 10 MiB of DMA memory; run with --pci-dma:net0=10M or more\n");
    }

    [KvmFact]
    public void Device_that_does_not_match_the_manifest_is_refused_naming_both_values()
    {
        using var edu = DevEmuServer.StartEdu();
        var r = Tender($"--pci-dev:net0=vfio-user:{edu.SocketPath}", Guest("pci_net0"));
        r.ExitCode.Should().Be(1);
        r.Stdout.Should().BeEmpty();
        r.Stderr.Should().StartWith($"hvt-tender: net0: vfio-user:{edu.SocketPath} does not match the manifest: " +
            "vendor 0x1234 (the unikernel wants 0x8086), device 0x11e8 (the unikernel wants 0x100e), class 0x");
        r.Stderr.Should().EndWith(" (the unikernel wants 0x02)\n").And.Contain("\n", Exactly.Once(), "the refusal is one line");
    }

    [KvmFact]
    public void Unknown_device_name_and_malformed_options_are_invalid_options()
    {
        var unknown = Tender("--pci-dev:nic9=0000:01:00.0", Guest("pci_net0"));
        unknown.ExitCode.Should().Be(1);
        unknown.Stderr.Should().Contain("Resource not declared in manifest: 'nic9'");
        unknown.Stderr.Should().Contain("Invalid option: `--pci-dev:nic9=0000:01:00.0'");

        var bad = Tender("--pci-dma:net0=3000", Guest("pci_net0"));
        bad.ExitCode.Should().Be(1);
        bad.Stderr.Should().Contain("--pci-dma:net0=3000: the DMA size must be a multiple of 4K (4096 bytes)");
        bad.Stdout.Should().BeEmpty();
    }

    [KvmFact]
    public void Declared_pci_device_without_an_option_is_not_attached()
    {
        var r = Tender(Guest("pci_edu"));
        r.ExitCode.Should().Be(1);
        r.Stdout.Should().BeEmpty();
        r.Stderr.Should().Be("hvt-tender: Device 'edu0' of type PCI_BASIC declared but not attached.\n" +
            "hvt-tender: All declared devices must be attached. See --help for syntax.\n");
    }

    [KvmFact]
    public void Dma_size_without_a_device_is_refused()
    {
        var r = Tender("--pci-dma:net0=16M", Guest("pci_net0"));
        r.ExitCode.Should().Be(1);
        r.Stderr.Should().Be("hvt-tender: --pci-dma:net0 is given without --pci-dev:net0\n");
    }

    [KvmFact]
    public void Missing_server_is_one_line()
    {
        var r = Tender("--pci-dev:net0=vfio-user:/nonexistent.sock", Guest("pci_net0"));
        r.ExitCode.Should().Be(1);
        r.Stderr.Should().Be("hvt-tender: vfio-user:/nonexistent.sock: cannot connect: ENOENT (is the device server running?)\n");
    }

    [KvmFact]
    public void Sigterm_releases_the_device_memory_and_connection()
    {
        using var edu = DevEmuServer.StartEdu();
        using var tender = BackgroundProcess.StartTool("hvt-tender", ["--verbose", $"--pci-dev:edu0=vfio-user:{edu.SocketPath}", Guest("pci_edu"), "wait"]);
        tender.WaitForLine("waiting");

        // While it runs, the tender holds the DMA memfd (fd and mapping) and the socket.
        var fds = Directory.GetFileSystemEntries($"/proc/{tender.Pid}/fd").Select(f => new FileInfo(f).LinkTarget ?? "").ToList();
        fds.Should().Contain(t => t.StartsWith("/memfd:solo5net-dma-edu0"));
        fds.Should().Contain(t => t.StartsWith("socket:"));
        File.ReadAllText($"/proc/{tender.Pid}/maps").Should().Contain("/memfd:solo5net-dma-edu0");

        tender.SignalAndWait(15).ExitCode.Should().Be(1);
        tender.Stderr.Should().Contain("Exiting on signal 15");
        tender.Stderr.Should().Contain($"edu0: released vfio-user:{edu.SocketPath}");
        edu.WaitForClientToLeave().Should().BeTrue("the connection is closed");
        File.Exists(edu.SocketPath).Should().BeTrue("the server stays for the next client");
    }

    [KvmFact]
    public void Server_that_dies_under_a_running_unikernel_does_not_hang_or_crash_the_cleanup()
    {
        using var edu = DevEmuServer.StartEdu();
        using var tender = BackgroundProcess.StartTool("hvt-tender", [$"--pci-dev:edu0=vfio-user:{edu.SocketPath}", Guest("pci_edu"), "wait"]);
        tender.WaitForLine("waiting");
        edu.Kill();

        var (exitCode, stderr) = tender.SignalAndWait(15);
        exitCode.Should().Be(1);
        stderr.Should().Be("hvt-tender: Exiting on signal 15\n");
    }
}
