using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// Randomly corrupted images (ELF header, program headers, Solo5 notes) are either still valid and
/// boot, or are refused with prefixed diagnostics and exit 1 — never a .NET trace, never a hang.
/// The entry point and the code itself are left alone so a surviving image cannot run garbage.
/// </summary>
public class MalformedImageFuzzTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly byte[] Original = Guests.Image("quiet");

    /// <summary>Byte offsets worth corrupting: header (minus e_entry), program headers (minus where
    /// loaded segments come from and go to, which could turn data into code), both notes.</summary>
    private static readonly int[] Targets = BuildTargets();

    private static int[] BuildTargets()
    {
        var elf = new ElfPatch((byte[])Original.Clone());
        var header = Enumerable.Range(0, 64).Where(i => i is < 24 or >= 32);
        var placement = elf.Phdrs.Where(p => p.Type == ElfPatch.PT_LOAD && p.FileSize > 0)
            .SelectMany(p => Enumerable.Range(p.At + 8, 24)).ToHashSet();   // p_offset, p_vaddr, p_paddr
        var phdrs = Enumerable.Range((int)elf.PhOff, 56 * elf.PhNum).Where(i => !placement.Contains(i));
        var notes = new[] { ElfPatch.NoteAbi, ElfPatch.NoteManifest }
            .SelectMany(t => Enumerable.Range((int)elf.Note(t).Offset, (int)elf.Note(t).FileSize));
        return header.Concat(phdrs).Concat(notes).ToArray();
    }

    private static Gen<(int Offset, byte Value)[]> Corruptions() =>
        from count in Gen.Choose(1, 4)
        from edits in Gen.ArrayOf(
            from index in Gen.Choose(0, Targets.Length - 1)
            from value in Gen.OneOf(Gen.Elements<byte>(0, 1, 0x7F, 0x80, 0xFF), Gen.Choose(0, 255).Select(v => (byte)v))
            select (Targets[index], value), count)
        select edits;

    [KvmFact]
    public void Corrupted_images_are_refused_cleanly_or_still_boot()
    {
        int run = 0;
        var property = Prop.ForAll(Corruptions().ToArbitrary(), edits =>
        {
            var image = (byte[])Original.Clone();
            foreach (var (offset, value) in edits) image[offset] = value;
            var path = _dir.Write($"fuzz{run++}.hvt", image);
            var r = TenderProcess.Run(["--mem=16", path], TimeSpan.FromSeconds(30));
            var what = string.Join(", ", edits.Select(e => $"[0x{e.Offset:x}]=0x{e.Value:x2}")) + "\n" + r;
            r.TimedOut.Should().BeFalse(what);
            r.ShouldHaveNoTrace();
            (r.ExitCode is 0 or 1).Should().BeTrue(what);
            if (r.ExitCode == 1) r.Stderr.Should().NotBeEmpty(what);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }
}
