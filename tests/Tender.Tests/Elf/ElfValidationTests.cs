using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Elf;

/// <summary>Malformed images are refused before boot with "&lt;file&gt;: …" and exit 1 (docs/hvt-abi.md §6).
/// Each case patches a copy of a good guest; the unpatched guest boots (first test).</summary>
public class ElfValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ProcessResult RunPatched(Action<ElfPatch> patch, string guest = "quiet", params string[] options)
    {
        var elf = ElfPatch.Of(guest);
        patch(elf);
        var path = _dir.Write("patched.hvt", elf.Image);
        return TenderProcess.Run([.. options, path]);
    }

    private string ImagePath => _dir.File("patched.hvt");

    [KvmFact]
    public void The_unpatched_image_boots()
    {
        RunPatched(_ => { }).ShouldSucceedQuietly();
    }

    [KvmFact]
    public void A_file_shorter_than_an_elf_header_is_refused()
    {
        var path = _dir.Write("short.hvt", Guests.Image("quiet")[..40]);
        TenderProcess.Run(path).ShouldFailWith($"{path}: invalid executable");
    }

    [KvmTheory]
    [InlineData("magic")]
    [InlineData("class32")]
    [InlineData("bigendian")]
    [InlineData("version")]
    [InlineData("dyn")]
    [InlineData("machine")]
    [InlineData("phentsize")]
    [InlineData("nophdrs")]
    public void A_bad_elf_header_is_refused(string defect)
    {
        var r = RunPatched(e =>
        {
            switch (defect)
            {
                case "magic": e.Image[1] = (byte)'X'; break;
                case "class32": e.Image[4] = 1; break;
                case "bigendian": e.Image[5] = 2; break;
                case "version": e.SetU32(20, 2); break;
                case "dyn": e.Type = 3; break;
                case "machine": e.Machine = 3; break;
                case "phentsize": e.SetU16(54, 32); break;
                case "nophdrs": e.PhNum = 0; break;
            }
        });
        r.ShouldFailWith($"{ImagePath}: invalid executable");
    }

    [KvmFact]
    public void Program_headers_outside_the_file_are_refused()
    {
        RunPatched(e => e.PhOff = (ulong)e.Image.Length - 8).ShouldFailWith($"{ImagePath}: invalid executable");
    }

    [KvmFact]
    public void Missing_abi_note_is_refused()
    {
        RunPatched(e => e.SetU32((int)e.Note(ElfPatch.NoteAbi).Offset + 8, 0x12345678))
            .ShouldFailWith($"{ImagePath}: No Solo5 ABI information found in executable");
    }

    [KvmFact]
    public void An_abi_note_for_another_target_is_refused()
    {
        RunPatched(e => e.SetU32(e.Descriptor(ElfPatch.NoteAbi), 2))
            .ShouldFailWith($"{ImagePath}: Executable is not for the solo5-hvt target");
    }

    [KvmFact]
    public void An_unsupported_abi_version_is_refused()
    {
        RunPatched(e => e.SetU32(e.Descriptor(ElfPatch.NoteAbi) + 4, 3))
            .ShouldFailWith($"{ImagePath}: Executable requests unsupported ABI version 3");
    }

    [KvmFact]
    public void Missing_manifest_note_is_refused()
    {
        RunPatched(e => e.SetU32((int)e.Note(ElfPatch.NoteManifest).Offset + 8, 0x12345678))
            .ShouldFailWith($"{ImagePath}: No Solo5 manifest found in executable");
    }

    [KvmFact]
    public void A_manifest_note_with_descsz_1_is_the_buggyelf_case()
    {
        RunPatched(e => e.SetU32((int)e.Note(ElfPatch.NoteManifest).Offset + 4, 1))
            .ShouldFailWith("note does not fall within valid size");
    }

    [KvmFact]
    public void A_note_segment_shorter_than_12_bytes_is_refused()
    {
        RunPatched(e => e.Note(ElfPatch.NoteAbi).FileSize = 8).ShouldFailWith("note does not fall within valid size");
    }

    [KvmFact]
    public void A_manifest_descsz_larger_than_its_segment_is_refused()
    {
        RunPatched(e => e.SetU32((int)e.Note(ElfPatch.NoteManifest).Offset + 4, 4 + 8 + 104 * 2))
            .ShouldFailWith("note does not fall within valid size");
    }

    [KvmTheory]
    [InlineData("version", "Solo5 manifest is invalid")]
    [InlineData("entries", "Solo5 manifest is invalid")]
    [InlineData("first-type", "Solo5 manifest is invalid")]
    [InlineData("first-name", "Solo5 manifest is invalid")]
    [InlineData("attached", "Solo5 manifest is invalid")]
    [InlineData("unterminated-name", "Solo5 manifest is invalid")]
    public void An_invalid_manifest_is_refused(string defect, string message)
    {
        var r = RunPatched(e =>
        {
            int mft = e.Descriptor(ElfPatch.NoteManifest);   // struct mft: the 8-aligned descriptor start
            int entry1 = mft + 8 + 104;
            switch (defect)
            {
                case "version": e.SetU32(mft, 2); break;
                case "entries": e.SetU32(mft + 4, 3); break;        // size no longer 8 + 104 × entries
                case "first-type": e.SetU32(mft + 8 + 68, 1); break;
                case "first-name": e.Image[mft + 8] = (byte)'x'; break;
                case "attached": e.Image[entry1 + 96] = 1; break;
                case "unterminated-name": e.Image[entry1 + 67] = (byte)'x'; break;
            }
        }, "blk");
        r.ShouldFailWith($"{ImagePath}: {message}");
    }

    [KvmFact]
    public void A_writable_and_executable_segment_is_refused()
    {
        RunPatched(e => e.LoadedSegment(0).Flags = ElfPatch.PF_R | ElfPatch.PF_W | ElfPatch.PF_X)
            .ShouldFailWith($"{ImagePath}: invalid executable: phdr[0]");
    }

    [KvmFact]
    public void Segments_out_of_ascending_order_are_refused()
    {
        RunPatched(e => e.LoadedSegment(0).SwapWith(e.LoadedSegment(1)))
            .ShouldFailWith($"{ImagePath}: invalid executable: phdr[1]");
    }

    [KvmFact]
    public void Overlapping_segments_are_refused()
    {
        RunPatched(e => e.LoadedSegment(0).MemSize = e.LoadedSegment(1).VAddr - e.LoadedSegment(0).VAddr + 1)
            .ShouldFailWith($"{ImagePath}: invalid executable: phdr[1]");
    }

    [KvmTheory]
    [InlineData("below-1MiB")]
    [InlineData("align-0")]
    [InlineData("align-not-power-of-2")]
    [InlineData("memsz-below-filesz")]
    [InlineData("unaligned-start")]
    [InlineData("beyond-memory")]
    [InlineData("end-overflows")]
    [InlineData("contents-outside-file")]
    public void A_bad_loadable_segment_is_refused(string defect)
    {
        var r = RunPatched(e =>
        {
            var text = e.LoadedSegment(0);
            var rodata = e.LoadedSegment(1);
            switch (defect)
            {
                case "below-1MiB": text.VAddr = 0xFF000; break;
                case "align-0": rodata.Align = 0; break;
                case "align-not-power-of-2": rodata.Align = 0x3000; break;
                case "memsz-below-filesz": rodata.MemSize = rodata.FileSize - 1; break;
                case "unaligned-start": rodata.VAddr += 0x10; rodata.Align = 0x10; break;
                case "beyond-memory": rodata.VAddr = 64UL << 20; break;
                case "end-overflows": rodata.MemSize = ulong.MaxValue - 0x1000; break;
                case "contents-outside-file": rodata.Offset = (ulong)e.Image.Length - 4; break;
            }
        }, "quiet", "--mem=64");
        r.ShouldFailWith($"{ImagePath}: invalid executable");
    }

    [KvmTheory]
    [InlineData(0xFFFFFUL)]
    [InlineData(64UL << 20)]
    [InlineData(0UL)]
    public void An_entry_point_outside_guest_memory_is_refused(ulong entry)
    {
        RunPatched(e => e.Entry = entry, "quiet", "--mem=64").ShouldFailWith($"{ImagePath}: invalid executable");
    }

    [KvmFact]
    public void Loadable_segments_without_file_contents_are_skipped_unchecked()
    {
        // The image has a BSS-only PT_LOAD; its empty PT_TLS header at vaddr 0 becomes a PT_LOAD too
        // (as some linkers emit an empty data segment there), and both get absurd fields. Skipped
        // segments get no checks at all, so the guest still boots.
        var r = RunPatched(e =>
        {
            e.Phdrs.Single(p => p.Type == ElfPatch.PT_TLS && p.FileSize == 0 && p.VAddr == 0).Type = ElfPatch.PT_LOAD;
            var empty = e.Phdrs.Where(p => p.Type == ElfPatch.PT_LOAD && p.FileSize == 0).ToList();
            empty.Should().HaveCountGreaterThanOrEqualTo(2);
            empty.Should().Contain(p => p.VAddr == 0, "the linker's empty data segment sits at vaddr 0");
            foreach (var p in empty) { p.Align = 0; p.Flags = ElfPatch.PF_R | ElfPatch.PF_W | ElfPatch.PF_X; }
        }, "bootinfo");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain("mem_size=0x20000000");
    }

    [KvmFact]
    public void A_missing_kernel_file_is_named()
    {
        var path = _dir.File("no-such.hvt");
        TenderProcess.Run(path).ShouldFailWith($"{path}: Could not open");
    }
}
