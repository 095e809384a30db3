using System.Buffers.Binary;

namespace Solo5Net.DevEmu.Pci;

/// <summary>
/// A conventional (256-byte, type 0) PCI configuration space. Every byte has a mask of writable
/// bits: ids and read-only fields keep their value, a BAR's address bits below its size are read-only
/// zeros (so writing all ones and reading back gives the size), the command register takes I/O,
/// memory, bus-master, parity, SERR and INTx-disable. An optional MSI capability (64-bit, one vector)
/// sits at <see cref="MsiOffset"/>, an optional MSI-X capability (<see cref="MsixSpec"/>) after it;
/// further read-only capabilities (e.g. virtio's vendor-specific ones) follow in the list, each
/// 4-byte aligned.
/// </summary>
public sealed class ConfigSpace
{
    public const int Size = 256;
    public const int CommandOffset = 0x04, StatusOffset = 0x06, BarOffset = 0x10, InterruptLineOffset = 0x3C;
    public const ushort CommandIo = 0x1, CommandMemory = 0x2, CommandBusMaster = 0x4, CommandIntxDisable = 0x400;
    public const int MsiOffset = 0x40;
    private const int MsiLength = 14;
    private const ushort CommandWritable = 0x0547;
    private const ushort StatusCapabilityList = 0x10, StatusInterrupt = 0x8;

    private readonly byte[] _bytes = new byte[Size];
    private readonly byte[] _writable = new byte[Size];
    private readonly byte[] _initial;

    public ConfigSpace(PciIdentity identity, IReadOnlyList<BarSpec> bars, bool withMsi, IReadOnlyList<PciCapability>? capabilities = null,
        MsixSpec? msix = null)
    {
        Identity = identity;
        Bars = bars;
        HasMsi = withMsi;
        Msix = msix;
        var b = _bytes.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(b, identity.VendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], identity.DeviceId);
        b[0x08] = identity.Revision;
        b[0x09] = identity.ProgIf;
        b[0x0A] = identity.Subclass;
        b[0x0B] = identity.ClassCode;
        BinaryPrimitives.WriteUInt16LittleEndian(b[0x2C..], identity.SubsystemVendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(b[0x2E..], identity.SubsystemId);
        b[0x3D] = identity.InterruptPin;
        SetWritable(CommandOffset, 2, CommandWritable);
        SetWritable(0x0C, 1, 0xFF);                 // cache line size
        SetWritable(0x0D, 1, 0xFF);                 // latency timer
        SetWritable(InterruptLineOffset, 1, 0xFF);
        foreach (var bar in bars)
        {
            bar.Validate();
            int offset = BarOffset + 4 * bar.Index;
            BinaryPrimitives.WriteUInt32LittleEndian(b[offset..], bar.TypeBits);
            uint lowBits = bar.IsIo ? 0x3u : 0xFu;
            SetWritable(offset, 4, ~(uint)(bar.Size - 1) & ~lowBits & (bar.Size > uint.MaxValue ? 0 : uint.MaxValue));
            if (bar.Is64Bit) SetWritable(offset + 4, 4, bar.Size > uint.MaxValue ? ~(uint)((bar.Size - 1) >> 32) : uint.MaxValue);
        }
        if (withMsi)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[StatusOffset..], StatusCapabilityList);
            b[0x34] = MsiOffset;
            b[MsiOffset] = 0x05;                     // capability id: MSI
            b[MsiOffset + 1] = 0;                    // end of the list
            BinaryPrimitives.WriteUInt16LittleEndian(b[(MsiOffset + 2)..], 0x0080); // 64-bit capable, 1 vector
            SetWritable(MsiOffset + 2, 2, 0x0071);   // enable, multiple message enable
            SetWritable(MsiOffset + 4, 4, 0xFFFFFFFC);
            SetWritable(MsiOffset + 8, 4, 0xFFFFFFFF);
            SetWritable(MsiOffset + 12, 2, 0xFFFF);
        }
        int previousNext = withMsi ? MsiOffset + 1 : 0x34, at = withMsi ? MsiOffset + MsiLength : MsiOffset;
        if (msix != null)
        {
            msix.Validate(bars);
            at = (at + 3) & ~3;
            MsixOffset = at;
            b[previousNext] = (byte)at;
            b[at] = 0x11;                            // capability id: MSI-X
            BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 2)..], (ushort)(msix.Vectors - 1));
            BinaryPrimitives.WriteUInt32LittleEndian(b[(at + 4)..], msix.TableOffset | (uint)msix.TableBar);
            BinaryPrimitives.WriteUInt32LittleEndian(b[(at + 8)..], msix.PbaOffset | (uint)msix.PbaBar);
            SetWritable(at + 2, 2, 0xC000);          // enable, function mask
            BinaryPrimitives.WriteUInt16LittleEndian(b[StatusOffset..], StatusCapabilityList);
            previousNext = at + 1;
            at += 12;
        }
        if (capabilities is { Count: > 0 }) LinkCapabilities(capabilities, previousNext, at);
        _initial = (byte[])_bytes.Clone();
    }

    public PciIdentity Identity { get; }
    public IReadOnlyList<BarSpec> Bars { get; }
    public bool HasMsi { get; }
    public MsixSpec? Msix { get; }
    /// <summary>Where the MSI-X capability is (0 when the device has none).</summary>
    public int MsixOffset { get; }

    public ushort Command => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(CommandOffset));
    public bool MemorySpaceEnabled => (Command & CommandMemory) != 0;
    public bool BusMasterEnabled => (Command & CommandBusMaster) != 0;
    public bool IntxDisabled => (Command & CommandIntxDisable) != 0;
    public bool MsiEnabled => HasMsi && (_bytes[MsiOffset + 2] & 1) != 0;
    /// <summary>MSI-X enable (Message Control bit 15). Masks are the client's: the tender that owns the
    /// table holds back what a masked vector sends (docs/vfio-user.md).</summary>
    public bool MsixEnabled => Msix != null && (_bytes[MsixOffset + 3] & 0x80) != 0;

    /// <summary>The address programmed into a BAR (both halves for a 64-bit BAR).</summary>
    public ulong BarAddress(int index)
    {
        var bar = Bars.FirstOrDefault(x => x.Index == index) ?? throw new ArgumentOutOfRangeException(nameof(index));
        int offset = BarOffset + 4 * index;
        ulong low = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(offset)) & ~(bar.IsIo ? 0x3u : 0xFu);
        ulong high = bar.Is64Bit ? BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(offset + 4)) : 0;
        return high << 32 | low;
    }

    /// <summary>True when [offset, offset + length) lies inside configuration space.</summary>
    public static bool Contains(ulong offset, int length) => offset <= Size && (ulong)length <= Size - offset;

    public void Read(int offset, Span<byte> destination) => _bytes.AsSpan(offset, destination.Length).CopyTo(destination);

    /// <summary>Writes bytes through the writable-bit masks; read-only bits keep their values.</summary>
    public void Write(int offset, ReadOnlySpan<byte> source)
    {
        for (int i = 0; i < source.Length; i++)
        {
            int at = offset + i;
            _bytes[at] = (byte)((_bytes[at] & ~_writable[at]) | (source[i] & _writable[at]));
        }
    }

    /// <summary>Shows the device's interrupt state in the status register (bit 3).</summary>
    public void SetInterruptStatus(bool asserted)
    {
        if (asserted) _bytes[StatusOffset] |= (byte)StatusInterrupt;
        else _bytes[StatusOffset] &= unchecked((byte)~StatusInterrupt);
    }

    /// <summary>Back to power-on values (a function-level reset).</summary>
    public void Reset() => _initial.CopyTo(_bytes, 0);

    /// <summary>Places <paramref name="capabilities"/> from <paramref name="at"/> on and links them after the
    /// next pointer at <paramref name="previousNext"/>.</summary>
    private void LinkCapabilities(IReadOnlyList<PciCapability> capabilities, int previousNext, int at)
    {
        foreach (var capability in capabilities)
        {
            at = (at + 3) & ~3;
            if (at + capability.Length > Size) throw new ArgumentException("capabilities do not fit in configuration space");
            _bytes[previousNext] = (byte)at;
            _bytes[at] = capability.Id;
            _bytes[at + 1] = 0;
            capability.Body.CopyTo(_bytes, at + 2);
            previousNext = at + 1;
            at += capability.Length;
        }
        _bytes[StatusOffset] |= (byte)StatusCapabilityList;
    }

    private void SetWritable(int offset, int length, uint mask)
    {
        for (int i = 0; i < length; i++) _writable[offset + i] = (byte)(mask >> (8 * i));
    }
}
