using System.Text;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Corpus;

/// <summary>
/// Malformed executables, each derived from a good test guest ("quiet", no devices) by one named
/// defect: truncations at every structure boundary that matters, impossible program headers and
/// segments, bad entry points, and broken Solo5 notes and manifests (docs/hvt-abi.md §6–7).
/// </summary>
internal static class ImageCorpus
{
    private const ulong Mib = 1 << 20;

    private static readonly Dictionary<string, Func<byte[]>> Cases = Build();

    public static IEnumerable<object[]> Names => Cases.Keys.Order().Select(n => new object[] { n });

    public static byte[] Image(string name) => Cases[name]();

    private static ElfPatch Quiet() => ElfPatch.Of("quiet");

    private static Dictionary<string, Func<byte[]>> Build()
    {
        var cases = new Dictionary<string, Func<byte[]>>();
        void Edit(string name, Action<ElfPatch> defect) => cases[name] = () => { var e = Quiet(); defect(e); return e.Image; };

        // Truncations: any cut before the end of what the tender reads (program headers, loaded
        // contents, notes) must be refused.
        var elf = Quiet();
        var needed = elf.Phdrs.Where(p => p.Type == ElfPatch.PT_NOTE || (p.Type == ElfPatch.PT_LOAD && p.FileSize > 0))
            .Select(p => (long)(p.Offset + p.FileSize)).Append((long)elf.PhOff + 56L * elf.PhNum).Max();
        var cuts = new List<long> { 0, 1, 4, 16, 52, 63, 64, (long)elf.PhOff + 55, (long)elf.PhOff + 56L * elf.PhNum - 1, needed - 1 };
        foreach (var p in elf.Phdrs.Where(p => p.FileSize > 0))
        {
            cuts.Add((long)p.Offset + 1);
            cuts.Add((long)(p.Offset + p.FileSize / 2));
        }
        foreach (var cut in cuts.Where(c => c >= 0 && c < needed).Distinct())
            cases[$"truncated-at-{cut}"] = () => Quiet().Image[..(int)cut];

        cases["not-elf-text"] = () => Encoding.ASCII.GetBytes("#!/bin/sh\necho this is not a unikernel\n");
        cases["zeros-4k"] = () => new byte[4096];
        cases["header-only"] = () => Quiet().Image[..64];

        // ELF header (docs/hvt-abi.md §6.1)
        Edit("magic", e => e.Image[1] = (byte)'X');
        Edit("class-32", e => e.Image[4] = 1);
        Edit("big-endian", e => e.Image[5] = 2);
        Edit("type-dyn", e => e.Type = 3);
        Edit("type-rel", e => e.Type = 1);
        Edit("machine-aarch64", e => e.Machine = 183);
        Edit("ehsize-0", e => e.SetU16(52, 0));
        Edit("phentsize-32", e => e.SetU16(54, 32));
        Edit("phnum-0", e => e.PhNum = 0);
        Edit("phnum-65535", e => e.PhNum = 0xFFFF);
        Edit("phoff-beyond-file", e => e.PhOff = (ulong)e.Image.Length + 64);
        Edit("phoff-wraps", e => e.PhOff = ulong.MaxValue - 16);

        // Entry point (docs/hvt-abi.md §6.3)
        Edit("entry-0", e => e.Entry = 0);
        Edit("entry-below-1MiB", e => e.Entry = Mib - 1);
        Edit("entry-beyond-memory", e => e.Entry = 1UL << 40);
        Edit("entry-max", e => e.Entry = ulong.MaxValue);

        // Loadable segments (docs/hvt-abi.md §6.3)
        Edit("load-overlapping", e => e.LoadedSegment(1).VAddr = e.LoadedSegment(0).VAddr);
        Edit("load-descending", e => e.LoadedSegment(0).SwapWith(e.LoadedSegment(1)));
        Edit("load-vaddr-below-1MiB", e => e.LoadedSegment(0).VAddr = 0x1000);
        Edit("load-vaddr-beyond-memory", e => e.LoadedSegment(e.Phdrs.Count(p => p.Type == ElfPatch.PT_LOAD && p.FileSize > 0) - 1).VAddr = 1UL << 40);
        Edit("load-vaddr-max", e => e.LoadedSegment(1).VAddr = ulong.MaxValue - 0xFFF);
        Edit("load-memsz-huge", e => e.LoadedSegment(1).MemSize = 1UL << 63);
        Edit("load-memsz-max", e => e.LoadedSegment(1).MemSize = ulong.MaxValue);
        Edit("load-memsz-below-filesz", e => e.LoadedSegment(0).MemSize = e.LoadedSegment(0).FileSize - 1);
        Edit("load-filesz-huge", e => e.LoadedSegment(0).FileSize = 1UL << 62);
        Edit("load-offset-beyond-file", e => e.LoadedSegment(0).Offset = (ulong)e.Image.Length);
        Edit("load-offset-wraps", e => e.LoadedSegment(0).Offset = ulong.MaxValue - 8);
        Edit("load-align-0", e => e.LoadedSegment(0).Align = 0);
        Edit("load-align-3", e => e.LoadedSegment(0).Align = 3);
        Edit("load-write-and-execute", e => e.LoadedSegment(0).Flags = ElfPatch.PF_R | ElfPatch.PF_W | ElfPatch.PF_X);

        // Solo5 notes (docs/hvt-abi.md §6.2)
        foreach (var (kind, type) in new[] { ("abi", ElfPatch.NoteAbi), ("mft", ElfPatch.NoteManifest) })
        {
            Edit($"{kind}-note-type-changed", e => e.SetU32((int)e.Note(type).Offset + 8, 0x31313131));
            Edit($"{kind}-note-owner-changed", e => e.Image[(int)e.Note(type).Offset + 16] = (byte)'6');
            Edit($"{kind}-note-namesz-5", e => e.SetU32((int)e.Note(type).Offset, 5));
            Edit($"{kind}-note-descsz-0", e => e.SetU32((int)e.Note(type).Offset + 4, 0));
            Edit($"{kind}-note-descsz-max", e => e.SetU32((int)e.Note(type).Offset + 4, uint.MaxValue));
            Edit($"{kind}-note-descsz-beyond-segment", e => e.SetU32((int)e.Note(type).Offset + 4, (uint)e.Note(type).FileSize));
            Edit($"{kind}-note-segment-11-bytes", e => e.Note(type).FileSize = 11);
            Edit($"{kind}-note-offset-beyond-file", e => e.Note(type).Offset = (ulong)e.Image.Length);
        }
        Edit("abi-descsz-33", e => e.SetU32((int)e.Note(ElfPatch.NoteAbi).Offset + 4, 33));
        Edit("abi-descsz-4", e => e.SetU32((int)e.Note(ElfPatch.NoteAbi).Offset + 4, 4));
        Edit("abi-target-spt", e => e.SetU32(e.Descriptor(ElfPatch.NoteAbi), 2));
        Edit("abi-target-0", e => e.SetU32(e.Descriptor(ElfPatch.NoteAbi), 0));
        Edit("abi-version-1", e => e.SetU32(e.Descriptor(ElfPatch.NoteAbi) + 4, 1));
        Edit("abi-version-3", e => e.SetU32(e.Descriptor(ElfPatch.NoteAbi) + 4, 3));
        Edit("mft-descsz-1-buggyelf", e => e.SetU32((int)e.Note(ElfPatch.NoteManifest).Offset + 4, 1));
        Edit("mft-descsz-6669", e => e.SetU32((int)e.Note(ElfPatch.NoteManifest).Offset + 4, 6669));

        // Binary manifest (docs/hvt-abi.md §7.2): struct mft at the 8-aligned descriptor start (after the padding).
        int Mft(ElfPatch e) => e.Descriptor(ElfPatch.NoteManifest);
        Edit("manifest-version-0", e => e.SetU32(Mft(e), 0));
        Edit("manifest-version-2", e => e.SetU32(Mft(e), 2));
        Edit("manifest-entries-0", e => e.SetU32(Mft(e) + 4, 0));
        Edit("manifest-entries-2-size-mismatch", e => e.SetU32(Mft(e) + 4, 2));
        Edit("manifest-entries-65", e => e.SetU32(Mft(e) + 4, 65));
        Edit("manifest-entries-max", e => e.SetU32(Mft(e) + 4, uint.MaxValue));
        Edit("manifest-first-entry-type-block", e => e.SetU32(Mft(e) + 8 + 68, 1));
        Edit("manifest-first-entry-named", e => e.Image[Mft(e) + 8] = (byte)'x');
        Edit("manifest-name-without-nul", e => e.Image.AsSpan(Mft(e) + 8, 68).Fill((byte)'a'));
        Edit("manifest-attached-set", e => e.Image[Mft(e) + 8 + 96] = 1);
        return cases;
    }
}
