using static Solo5Net.Tests.Manifest.Support.Bytes;

namespace Solo5Net.Tests.Manifest.Support;

/// <summary>One program header of a hand-built image; <see cref="Data"/> is placed in the file for it.</summary>
public sealed record TestSegment(uint Type, byte[] Data, uint Flags = 4, ulong VAddr = 0, ulong MemSize = 0, ulong Align = 8);

/// <summary>
/// Builds small ELF64 executables by hand (independently of the library's code) so the reader
/// can be tested against exact layouts, including malformed ones.
/// </summary>
public static class TestImage
{
    public const uint PtLoad = 1;
    public const uint PtNote = 4;
    public const uint Abi1 = 0x31494241;
    public const uint Mft1 = 0x3154464D;

    /// <summary>Header (64) + program headers (56 each) + each segment's data, 8-aligned, in order.</summary>
    public static byte[] Build(ulong entry, params TestSegment[] segments)
    {
        var offsets = new List<ulong>();
        var offset = (ulong)(64 + 56 * segments.Length);
        foreach (var s in segments)
        {
            offset = (offset + 7) & ~7UL;
            offsets.Add(offset);
            offset += (ulong)s.Data.Length;
        }
        var image = new byte[offset];
        Concat(
            Hex("7f 45 4c 46 02 01 01 00"), Zeros(8),
            U16(2), U16(62), U32(1), U64(entry), U64(64), U64(0), U32(0),
            U16(64), U16(56), U16((ushort)segments.Length), U16(64), U16(0), U16(0)).CopyTo(image, 0);
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            Concat(U32(s.Type), U32(s.Flags), U64(offsets[i]), U64(s.VAddr), U64(s.VAddr),
                   U64((ulong)s.Data.Length), U64(Math.Max(s.MemSize, (ulong)s.Data.Length)), U64(s.Align))
                .CopyTo(image, 64 + 56 * i);
            s.Data.CopyTo(image, (int)offsets[i]);
        }
        return image;
    }

    /// <summary>A Solo5 note: namesz 6, the given descsz and type, "Solo5\0\0\0", then <paramref name="descriptor"/> verbatim.</summary>
    public static byte[] Note(uint type, uint descsz, byte[] descriptor) =>
        Concat(U32(6), U32(descsz), U32(type), Hex("53 6f 6c 6f 35 00 00 00"), descriptor);

    public static byte[] AbiNote(uint target = 1, uint version = 2) =>
        Note(Abi1, 16, Concat(U32(target), U32(version), Zeros(8)));

    /// <summary>MFT1 note: descsz = 4 + mft length, 4 pad bytes, the mft.</summary>
    public static byte[] MftNote(byte[] mft) => Note(Mft1, (uint)(4 + mft.Length), Concat(Zeros(4), mft));

    /// <summary>struct mft with only the reserved first entry.</summary>
    public static byte[] EmptyMft() =>
        Concat(U32(1), U32(1), Zeros(68), U32(0x40000000), Zeros(32));

    public static TestSegment Text() => new(PtLoad, Hex("f4"), Flags: 5, VAddr: 0x100000, Align: 0x1000);

    /// <summary>A minimal image the tender accepts: text, ABI note, manifest note.</summary>
    public static byte[] Valid(byte[]? mft = null, uint target = 1, uint version = 2) => Build(0x100000,
        Text(),
        new TestSegment(PtNote, AbiNote(target, version), Align: 4),
        new TestSegment(PtNote, MftNote(mft ?? EmptyMft()), Align: 8));
}
