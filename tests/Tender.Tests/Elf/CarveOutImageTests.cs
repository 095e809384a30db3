using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Elf;

/// <summary>An image is planned against the guest-visible memory, not the allocation: a segment
/// that reaches into the region withheld above mem_size (the net ring, docs/hvt-abi.md §1.2) is
/// refused before boot, instead of making the ring page read-only under the ring thread.</summary>
public class CarveOutImageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [RootFact]
    public void A_segment_reaching_into_the_net_ring_carve_out_is_refused()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        var elf = ElfPatch.Of("net");
        var data = elf.Phdrs.Last(p => p.Type == ElfPatch.PT_LOAD && p.FileSize > 0);
        data.MemSize = 0x500000 - data.VAddr;   // --mem=4: guest memory ends at 4 MiB, the ring's 2 MiB follow
        var path = _dir.Write("carve-out.hvt", elf.Image);
        var (file, prefix) = Repo.Tool("hvt-tender");

        var r = ns.Run(file, [.. prefix, "--mem=4", "--net:service0=tap0", path], TimeSpan.FromSeconds(60));

        r.ShouldFailWith($"{path}: invalid executable: phdr[{data.Index}] segment end beyond guest memory 0x400000");
    }
}
