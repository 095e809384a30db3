using System.Buffers.Binary;

namespace Solo5Net.Interop;

/// <summary>
/// Typed view of the mmap'd struct kvm_run: the exit reason and the union member for each exit.
/// Offsets are those of linux/kvm.h on x86-64 (the union starts at byte 32).
/// </summary>
public sealed unsafe class KvmRunArea : IDisposable
{
    private const int ImmediateExitOffset = 1, ExitReasonOffset = 8, UnionOffset = 32;

    public const byte IoDirectionIn = 0, IoDirectionOut = 1;

    private nint _base;
    private readonly int _size;

    internal KvmRunArea(nint address, int size)
    {
        _base = address;
        _size = size;
    }

    private Span<byte> Bytes => new((void*)_base, _size);

    public uint ExitReason => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[ExitReasonOffset..]);

    /// <summary>kvm_run.immediate_exit: when set, KVM_RUN returns EINTR at once.</summary>
    public bool ImmediateExit
    {
        get => Bytes[ImmediateExitOffset] != 0;
        set => Volatile.Write(ref Bytes[ImmediateExitOffset], value ? (byte)1 : (byte)0);
    }

    // io: direction u8, size u8, port u16, count u32, data_offset u64.
    public byte IoDirection => Bytes[UnionOffset];
    public byte IoSize => Bytes[UnionOffset + 1];
    public ushort IoPort => BinaryPrimitives.ReadUInt16LittleEndian(Bytes[(UnionOffset + 2)..]);
    public uint IoCount => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(UnionOffset + 4)..]);
    private ulong IoDataOffset => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[(UnionOffset + 8)..]);

    /// <summary>The IO exit's data bytes (size × count) inside the run area; empty if the kernel reported nonsense.</summary>
    public Span<byte> IoData
    {
        get
        {
            ulong offset = IoDataOffset, length = (ulong)IoSize * IoCount;
            return offset <= (ulong)_size && length <= (ulong)_size - offset
                ? Bytes.Slice((int)offset, (int)length)
                : Span<byte>.Empty;
        }
    }

    // mmio: phys_addr u64, data[8], len u32, is_write u8.
    public ulong MmioPhysAddr => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[UnionOffset..]);
    public uint MmioLength => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(UnionOffset + 16)..]);
    public bool MmioIsWrite => Bytes[UnionOffset + 20] != 0;

    /// <summary>The MMIO exit's data (up to 8 bytes): the value written, or where to put the value read.</summary>
    public Span<byte> MmioData => Bytes.Slice(UnionOffset + 8, (int)Math.Min(MmioLength, 8u));

    // fail_entry: hardware_entry_failure_reason u64, cpu u32.
    public ulong HardwareEntryFailureReason => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[UnionOffset..]);

    // debug (x86): exception u32, pad u32, pc u64, dr6 u64, dr7 u64.
    public uint DebugException => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[UnionOffset..]);
    public ulong DebugPc => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[(UnionOffset + 8)..]);
    public ulong DebugDr6 => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[(UnionOffset + 16)..]);
    public ulong DebugDr7 => BinaryPrimitives.ReadUInt64LittleEndian(Bytes[(UnionOffset + 24)..]);

    // internal: suberror u32, ndata u32, data[16] u64.
    public uint InternalSuberror => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[UnionOffset..]);
    public uint InternalNdata => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(UnionOffset + 4)..]);

    public ulong InternalData(int i) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Bytes[(UnionOffset + 8 + 8 * i)..]);

    public void Dispose()
    {
        if (_base == 0) return;
        Libc.munmap_raw(_base, (nuint)_size);
        _base = 0;
    }
}
