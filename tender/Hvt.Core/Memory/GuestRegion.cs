using System.Runtime.CompilerServices;

namespace Solo5Net.Hvt;

/// <summary>
/// A fixed range of guest memory that the tender and the guest share by contract (the net ring of
/// docs/hvt-abi.md §5): every access is bounds-checked against the range and is a single aligned,
/// volatile load or store, because the guest reads and writes the same bytes concurrently.
/// </summary>
public sealed unsafe class GuestRegion
{
    private readonly GuestMemory _memory;

    internal GuestRegion(GuestMemory memory, ulong gpa, ulong size)
    {
        _memory = memory;
        Gpa = gpa;
        Size = size;
    }

    public ulong Gpa { get; }

    public ulong Size { get; }

    public uint ReadUInt32(ulong offset) => Volatile.Read(ref Unsafe.AsRef<uint>(At(offset, sizeof(uint))));

    public void WriteUInt32(ulong offset, uint value) => Volatile.Write(ref Unsafe.AsRef<uint>(At(offset, sizeof(uint))), value);

    public ulong ReadUInt64(ulong offset) => Volatile.Read(ref Unsafe.AsRef<ulong>(At(offset, sizeof(ulong))));

    /// <summary>A struct at <paramref name="offset"/>, copied out (not atomic as a whole).</summary>
    public T Read<T>(ulong offset) where T : unmanaged => *(T*)At(offset, (ulong)sizeof(T));

    /// <summary>Copies a struct to <paramref name="offset"/> (not atomic as a whole).</summary>
    public void Write<T>(ulong offset, in T value) where T : unmanaged => *(T*)At(offset, (ulong)sizeof(T)) = value;

    /// <summary>Bytes of the region, for bulk copies.</summary>
    public Span<byte> Bytes(ulong offset, ulong length) => new(At(offset, length), (int)length);

    private void* At(ulong offset, ulong length)
    {
        if (offset > Size || length > Size - offset || (length is 4 or 8 && offset % length != 0))
            throw new ArgumentOutOfRangeException(nameof(offset), $"0x{offset:x}+{length} outside the shared region of {Size} bytes (or misaligned)");
        return (void*)(_memory.HostAddress + (nint)(Gpa + offset));
    }
}
