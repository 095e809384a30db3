using Solo5Net.Hvt;
using Solo5Net.Manifest;

namespace Solo5Net.Fuzz.Targets;

/// <summary>
/// The tender's image reader on any file: ELF header and program headers, the ABI1 and MFT1 notes,
/// the binary manifest, and the PT_LOAD plan for a 512 MiB guest (what <see cref="KernelImage"/>
/// and <see cref="GuestBoot"/> do before any VM exists). Refusals are <see cref="ManifestException"/>s.
/// A manifest that decodes must encode back to the same bytes.
/// </summary>
public sealed class ElfImageTarget : IFuzzTarget
{
    private const ulong GuestMemory = 512UL << 20;

    public string Name => "elf-image";
    public IReadOnlyList<string> AssembliesUnderTest => ["Manifest.Schema", "Hvt.Core"];

    public void Run(byte[] input)
    {
        try
        {
            var elf = ElfFile.Parse(input);
            Solo5Notes.ReadAbi(elf);
            if (Solo5Notes.ReadManifest(elf) is { } bytes)
            {
                var mft = Mft.Decode(bytes);
                if (!mft.Encode().AsSpan().SequenceEqual(bytes))
                    throw new FuzzFindingException("a decoded manifest does not encode back to its bytes");
            }
            foreach (var segment in ElfLoader.Plan(elf, GuestMemory))
                _ = segment.Data.Span[..];   // the plan's slices lie inside the file
        }
        catch (ManifestException) { }
    }
}
