using FluentAssertions;
using Solo5Net.Hvt.Modules.Instructions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>
/// --insn-count across trapped BAR accesses: KVM completes such an instruction only when the tender
/// has answered it, and single-stepping must go on from there (docs/tender.md). pci_edu's "reads N"
/// reads the edu's ID register N times over vfio-user.
/// </summary>
public sealed class InstructionCountPciTests
{
    [KvmFact]
    public void Every_loop_of_trapped_BAR_reads_is_counted_alike()
    {
        using var edu = DevEmuServer.StartEdu();
        using var dir = new TemporaryDirectory("insn-pci-");
        int client = 0;
        ulong Count(int reads)
        {
            client++;
            var path = Path.Combine(dir.Path, $"reads-{reads}");
            var r = ProcessRunner.RunTool("hvt-tender",
                [$"--insn-count={path}", $"--pci-dev:edu0=vfio-user:{edu.SocketPath}",
                 Path.Combine(AppContext.BaseDirectory, "guests", "pci_edu.hvt"), "reads", reads.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TimeSpan.FromSeconds(300));
            r.ExitCode.Should().Be(0, r.ToString());
            edu.WaitForClientToLeave(client).Should().BeTrue();
            return InstructionCountFile.Read(File.ReadAllBytes(path)).Instructions;
        }

        ulong two = Count(200), four = Count(400), six = Count(600);
        ulong perHundredReads = (four - two) / 2;
        (four - two).Should().Be(six - four, "each further 200 reads cost the same instructions");
        ((four - two) % 200).Should().Be(0, "every loop iteration is counted whole");
        perHundredReads.Should().BeGreaterThanOrEqualTo(200, "a loop around the read is at least two instructions");
    }
}
