using FsCheck;
using FsCheck.Fluent;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>The generators of <see cref="DirectHypercallProperties"/>: values at and around every
/// boundary the tender checks, plus arbitrary ones.</summary>
public sealed partial class DirectHypercallProperties
{
    private static Gen<ulong> Pick(params ulong[] values) => Gen.Elements(values);

    private static Gen<ulong> Any() => ArbMap.Default.GeneratorFor<ulong>();

    private static Gen<ulong> Small(int max) => Gen.Choose(0, max).Select(i => (ulong)i);

    /// <summary>Guest addresses: mostly valid scratch RAM (aligned or not), else the edges of RAM,
    /// the ring region above it, the read-only image, the zero page and 32/64-bit extremes.</summary>
    private static Gen<ulong> Address(ulong size, ulong allocation) => Gen.Frequency(
        (6, Gen.Choose(0, (int)(size / 2) - 1).Select(i => size / 4 + (ulong)i)),
        (3, Pick(0, 8, 0x1000, 0x10000, 0x100000, 0x100008, 0x101000, size - 8, size - 16, size - 24, size - 32, size - 40, size - 41,
            size - 1, size, size + 8, allocation - 8, allocation, 0xFFFFFFF8, 0xFFFFFFFF)),
        (1, Any()));

    private static Gen<ulong> Length() => Gen.Frequency(
        (6, Small(1600)),
        (3, Pick(0, 1, 13, 14, 60, 511, 512, 513, 1514, 4096, BlockBytes - 512, BlockBytes, BlockBytes + 1, MemBytes,
            int.MaxValue, 1UL << 31, long.MaxValue, 1UL << 63, ulong.MaxValue - 511, ulong.MaxValue)),
        (1, Any()));

    private static Gen<ulong> Handle() => Gen.Frequency(
        (8, Small(Handles)),
        (2, Pick(63, 64, 0xFFFFFFFF, 0x1_0000_0001, 0x1_0000_0002, 0x1_0000_0003, 0x8000_0000_0000_0001)),
        (1, Any()));

    private static Gen<ulong> BlockOffset() => Gen.Frequency(
        (6, Small(BlockBytes / 512 - 1).Select(s => s * 512)),
        (3, Pick(1, 511, BlockBytes - 512, BlockBytes - 1, BlockBytes, BlockBytes + 512, long.MaxValue, 1UL << 63, ulong.MaxValue - 511)),
        (1, Any()));

    private static Gen<ulong> ConfigWord() =>
        from offset in Gen.Frequency(
            (5, Small(0x100)),
            (3, Pick(0, 2, 4, 6, 0x10, 0x14, 0x24, 0x26, 0x27, 0x28, 0x2C, 0x30, 0x33, 0x34, 0x3C, 0x40, 0xFFC, 0xFFE, 0xFFF, 0x1000, 0xFFFFFFFC)),
            (1, Any().Select(v => v & 0xFFFFFFFF)))
        from size in Gen.Frequency((6, Pick(1, 2, 4)), (1, Pick(0, 3, 8, 0xFFFFFFFF)), (1, Any().Select(v => v & 0xFFFFFFFF)))
        select offset | size << 32;

    private static Gen<ulong> ConfigValue() => Gen.Frequency(
        (3, Pick(0, 2, 4, 6, 0x0406, 0xFFFF, 0xFFFFFFFF)), (1, Any().Select(v => v & 0xFFFFFFFF)));

    /// <summary>POLL sleeps until its timeout when nothing is ready: mostly sub-microsecond
    /// timeouts (0 included: the tender forces the lowest bit), so a million calls stay fast.</summary>
    private static Gen<ulong> PollTimeout() => Gen.Frequency((20, Small(1000)), (1, Small(100_000)));

    private static Gen<GuestCall> Hypercalls(ulong size, ulong allocation)
    {
        var address = Address(size, allocation);
        var number = Gen.Frequency((14, Gen.Elements(1, 2, 3, 4, 5, 6, 7, 9, 10)), (1, Gen.Elements(0, 11, 12, 13, 14, 15)));
        return from nr in number
               from gpa in address.Select(a => a & 0xFFFFFFFF)     // the OUT delivers 32 bits
               from handle in Handle()
               from w1 in nr is 4 or 5 ? BlockOffset() : nr is 9 or 10 ? ConfigWord() : nr == 3 ? PollTimeout() : address
               from w2 in nr is 4 or 5 ? address : nr is 9 or 10 ? ConfigValue() : Length()
               from w3 in Length()
               from w4 in Any()
               select Sanitize(new GuestCall(nr, gpa, nr switch { 1 => w4, 2 => w1, 3 => w1, _ => handle },
                   nr == 2 ? w2 : nr == 3 ? w4 : w1, w2, w3, w4), size);
    }

    /// <summary>A PUTS the tender would accept prints nothing here (length 0): the test host's
    /// stdout is not the place for random guest bytes.</summary>
    private static GuestCall Sanitize(GuestCall c, ulong size) =>
        c.Nr == 2 && Valid(c.W0, c.W1, size) ? c with { W1 = 0 } : c;

    private static Gen<GuestCall> Traps(Rig rig)
    {
        var windows = rig.MmioWindows.Select(w => (w.Base, w.Size, Pio: false))
            .Concat(rig.PortWindows.Select(w => (w.Base, w.Size, Pio: true))).ToArray();
        if (windows.Length == 0) return Gen.Constant(new GuestCall(GuestCall.Mmio, 0, 4, 0, 0, 0, 0));
        return from window in Gen.Elements(windows)
               from offset in Gen.Frequency(
                   (6, Gen.Choose(0, (int)Math.Min(window.Size, 0x200) - 1).Select(o => (ulong)o)),
                   (2, Pick(window.Size - 1, window.Size - 4, window.Size, window.Size + 0x1000)))
               from width in Gen.Elements<ulong>(1, 2, 4, 8)
               from write in Gen.Frequency((1, Gen.Constant(1UL)), (2, Gen.Constant(0UL)))
               from value in ConfigValue()
               select new GuestCall(window.Pio ? GuestCall.Pio : GuestCall.Mmio, window.Base + offset, window.Pio ? Math.Min(width, 4) : width, write, value, 0, 0);
    }
}
