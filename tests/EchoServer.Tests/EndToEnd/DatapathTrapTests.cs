using System.Text.RegularExpressions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>
/// The echo images' datapath runs no #UD trap. Where ilc zeroes a stack slot with SSE (a struct, or
/// a pinned local such as the guest runtime's array data once was), the build turns the
/// `xorps` into a `ud2` marker that start.S's invalid-opcode handler emulates (docs/platform.md §2):
/// a trap, on this machine's software KVM, on every call of that function. No function of the
/// network stack, or of the drivers' receive and transmit paths, may carry one. Read from the
/// built images with objdump, which the guest build itself needs.
/// </summary>
public sealed class DatapathTrapTests
{
    private static readonly Regex Function = new(@"^[0-9a-f]+ <(?<name>[^>]+)>:$");
    // patch-zeroing.sh's marker: 0F 0B (ud2), then E0|N or F0|N, which objdump shows as the next
    // instruction's first byte.
    private static readonly Regex Ud2 = new(@"^\s*[0-9a-f]+:\s+0f 0b\s+ud2");
    private static readonly Regex AfterUd2 = new(@"^\s*[0-9a-f]+:\s+[ef][0-9a-f]\b");
    private static readonly Regex Datapath = new(
        @"^EchoServer_Solo5Net_EchoServer_Net_|_NetBasicInterface__|_ByteCopy__|_E1000Driver__(Receive|Transmit|Flush)$"
        + @"|_VirtioNetDriver__(Receive|Transmit|Flush)$|_SplitVirtqueue__|_DescriptorFreeList__(TryTake|Reclaim)$|^Guest_Runtime_System_(Span|ReadOnlySpan|Buffer)");

    [Theory]
    [InlineData("EchoServer-net.hvt")]
    [InlineData("EchoServer.hvt")]
    public void No_function_of_the_datapath_zeroes_with_a_trapping_marker(string image)
    {
        var path = image == "EchoServer.hvt" ? EchoImages.Pci : EchoImages.NetBasic;
        var disassembly = ProcessRunner.Run("objdump", ["-d", path], TimeSpan.FromSeconds(120));
        disassembly.ExitCode.Should().Be(0, disassembly.ToString());

        var trapping = new SortedSet<string>();
        var examined = 0;
        string? current = null;
        var afterUd2 = false;
        foreach (var line in disassembly.Stdout.Split('\n'))
        {
            var f = Function.Match(line);
            if (f.Success)
            {
                current = Datapath.IsMatch(f.Groups["name"].Value) ? f.Groups["name"].Value : null;
                if (current != null) examined++;
                afterUd2 = false;
                continue;
            }
            if (current != null && afterUd2 && AfterUd2.IsMatch(line)) trapping.Add(current);
            afterUd2 = Ud2.IsMatch(line);
        }

        examined.Should().BeGreaterThan(50, "the stack's and drivers' functions are in the image under these names");
        trapping.Should().BeEmpty("each of these would trap on every call");
    }
}
