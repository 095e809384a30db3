using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Block;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Block;

/// <summary>A backing file that opens but cannot be measured is refused, and the descriptor the module
/// opened for it is closed (it is owned by a FileDescriptor; nothing closes it by hand).</summary>
public class BlockDescriptorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_fifo_as_backing_file_is_refused_without_leaking_its_descriptor()
    {
        var fifo = Path.Combine(_dir.Path, "fifo");
        ProcessRunner.Run("mkfifo", [fifo]).ExitCode.Should().Be(0);
        var session = new TenderSession(KernelImage.Load(Guests.Path("hcall_all")), []);
        var ctx = session.Options;
        try
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var act = () => new BlockModule().TryParseOption($"--block:storage={fifo}", ctx);
                act.Should().Throw<TenderException>().WithMessage($"Could not open block device: {fifo}: Could not determine capacity");
                DescriptorsOn(fifo).Should().BeEmpty("the descriptor opened for the refused file is closed");
            }
        }
        finally
        {
            session.State.Poll.Dispose();
        }
    }

    private static IEnumerable<string> DescriptorsOn(string path) =>
        Directory.GetFileSystemEntries("/proc/self/fd").Where(fd => new FileInfo(fd).LinkTarget == path);
}
