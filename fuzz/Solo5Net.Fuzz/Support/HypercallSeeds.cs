using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Solo5Net.Abi;
using Solo5Net.Fuzz.Targets;

namespace Solo5Net.Fuzz.Support;

/// <summary>
/// Seeds for the hypercall target in its input format (<see cref="HypercallTarget"/>): the calls a
/// guest built on the bindings makes, with the ABI's own argument structs, and the invalid ones
/// tests/guests/hcall.c makes (pointers past memory, into text, wrapping, wrong handles).
/// </summary>
public static class HypercallSeeds
{
    private const uint Arg = 0x20000, Buffer = 0x30000;
    private const uint Top = (uint)(HypercallTarget.MemorySize - HypercallTarget.Reserved);

    public static void Write(string corpusRoot)
    {
        var folder = Path.Combine(corpusRoot, "hypercall");
        Directory.CreateDirectory(folder);
        foreach (var (name, calls) in Seeds())
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, calls.SelectMany(c => c).ToArray());
            Console.WriteLine($"{path}: {calls.Sum(c => c.Length)} bytes");
        }
    }

    private static IEnumerable<(string Name, byte[][] Calls)> Seeds()
    {
        yield return ("console", [
            Call(HvtHypercall.Walltime, Arg, new HvtHcWalltime()),
            Call(0, Buffer, "hello from the guest\n"u8),
            Call(HvtHypercall.Puts, Arg, new HvtHcPuts { Data = Buffer, Len = 21 }),
            Call(HvtHypercall.Puts, Arg, new HvtHcPuts { Data = (ulong)HypercallTarget.TextStart, Len = 19 }),
            Call(HvtHypercall.Poll, Arg, new HvtHcPoll { TimeoutNsecs = 0 }),
        ]);
        yield return ("block", [
            Call(0, Buffer, Enumerable.Repeat((byte)0xA5, 255).ToArray()),
            Call(HvtHypercall.BlockWrite, Arg, new HvtHcBlock { Handle = HypercallTarget.BlockHandle, Offset = 512, Data = Buffer, Len = 512 }),
            Call(HvtHypercall.BlockRead, Arg, new HvtHcBlock { Handle = HypercallTarget.BlockHandle, Offset = 512, Data = Buffer + 0x1000, Len = 512 }),
            Call(HvtHypercall.BlockRead, Arg, new HvtHcBlock { Handle = HypercallTarget.BlockHandle, Offset = 65024, Data = Buffer, Len = 1024 }),
            Call(HvtHypercall.BlockWrite, Arg, new HvtHcBlock { Handle = 7, Offset = 0, Data = Buffer, Len = 512 }),
            Call(HvtHypercall.BlockRead, Arg, new HvtHcBlock { Handle = HypercallTarget.BlockHandle, Offset = 0, Data = (ulong)HypercallTarget.TextStart, Len = 512 }),
        ]);
        yield return ("pci-config", [
            Call(HvtHypercall.PciConfigRead, Arg, new HvtHcPciConfig { Handle = HypercallTarget.PciHandle, Offset = 0, AccessSize = 4 }),
            Call(HvtHypercall.PciConfigRead, Arg, new HvtHcPciConfig { Handle = HypercallTarget.PciHandle, Offset = 0x0E, AccessSize = 1 }),
            Call(HvtHypercall.PciConfigWrite, Arg, new HvtHcPciConfig { Handle = HypercallTarget.PciHandle, Offset = 0x04, AccessSize = 2, Value = 0x6 }),
            Call(HvtHypercall.PciConfigWrite, Arg, new HvtHcPciConfig { Handle = HypercallTarget.PciHandle, Offset = 0x10, AccessSize = 4, Value = 0xFFFFFFFF }),
            Call(HvtHypercall.PciConfigRead, Arg, new HvtHcPciConfig { Handle = HypercallTarget.PciHandle, Offset = 0xFE, AccessSize = 4 }),
            Call(HvtHypercall.PciConfigRead, Arg, new HvtHcPciConfig { Handle = 0, Offset = 0, AccessSize = 4 }),
        ]);
        yield return ("invalid", [
            Call(HvtHypercall.Puts, Arg, new HvtHcPuts { Data = Top - 4, Len = 8 }),
            Call(HvtHypercall.Puts, Arg, new HvtHcPuts { Data = ulong.MaxValue - 2, Len = 8 }),
            Call(HvtHypercall.Walltime, (uint)HypercallTarget.TextStart, new HvtHcWalltime()),
            Call(HvtHypercall.Poll, Top - 8, new HvtHcPoll()),
            Call(HvtHypercall.NetWrite, Arg, new HvtHcNet { Handle = 1 }),
            Call(15, 0xFFFFFFFF, []),
            Call(HvtHypercall.Halt, Arg, new HvtHcHalt { Cookie = Top - 256, ExitStatus = 255 }),
        ]);
        yield return ("halt", [
            Call(0, Buffer, "trap frame"u8),
            Call(HvtHypercall.Halt, Arg, new HvtHcHalt { Cookie = Buffer, ExitStatus = 255 }),
        ]);
    }

    private static byte[] Call<T>(int number, uint gpa, T argument) where T : struct =>
        Call(number, gpa, MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref argument, 1)));

    private static byte[] Call(int number, uint gpa, ReadOnlySpan<byte> stored)
    {
        if (stored.Length > byte.MaxValue) throw new ArgumentException("at most 255 bytes per call", nameof(stored));
        var bytes = new byte[6 + stored.Length];
        bytes[0] = (byte)number;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), gpa);
        bytes[5] = (byte)stored.Length;
        stored.CopyTo(bytes.AsSpan(6));
        return bytes;
    }
}
