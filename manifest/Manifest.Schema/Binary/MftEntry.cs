using System.Buffers.Binary;
using System.Text;

namespace Solo5Net.Manifest;

/// <summary>
/// One 104-byte struct mft_entry. The entry is its bytes: every property reads or writes them in
/// place, so a decoded entry encodes back bit for bit. The typed accessors interpret the 16-byte
/// u area for one device type; they do not look at <see cref="Type"/>.
/// </summary>
public sealed class MftEntry
{
    private readonly byte[] _bytes = new byte[MftLayout.EntrySize];

    public MftEntry() { }

    public MftEntry(string name, uint type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>An entry decoded from exactly <see cref="MftLayout.EntrySize"/> bytes.</summary>
    public static MftEntry FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != MftLayout.EntrySize)
            throw new ManifestException($"a manifest entry is {MftLayout.EntrySize} bytes, not {bytes.Length}");
        var entry = new MftEntry();
        bytes.CopyTo(entry._bytes);
        return entry;
    }

    /// <summary>The reserved first entry every manifest starts with: empty name, type RESERVED_FIRST.</summary>
    public static MftEntry ReservedFirst() => new(string.Empty, MftDeviceType.ReservedFirst);

    /// <summary>The whole entry as stored.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The 68-byte name field, NUL-terminated.</summary>
    public ReadOnlySpan<byte> NameField => _bytes.AsSpan(0, MftLayout.NameSize);

    /// <summary>
    /// The name up to its first NUL (bytes read as Latin-1, so nothing is lost). Setting it requires
    /// 0–67 characters, each a single byte other than NUL, and zero-fills the rest of the field.
    /// </summary>
    public string Name
    {
        get
        {
            var nameField = NameField;
            var end = nameField.IndexOf((byte)0);
            return Encoding.Latin1.GetString(end < 0 ? nameField : nameField[..end]);
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length > MftLayout.MaxNameLength)
                throw new ManifestException($"device name '{value}' is longer than {MftLayout.MaxNameLength} characters");
            foreach (var c in value)
                if (c == '\0' || c > '\u00FF')
                    throw new ManifestException($"device name '{value}' contains a character that cannot be stored");
            var stored = _bytes.AsSpan(0, MftLayout.NameSize);
            stored.Clear();
            Encoding.Latin1.GetBytes(value, stored);
        }
    }

    public uint Type
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(MftLayout.TypeOffset));
        set => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(MftLayout.TypeOffset), value);
    }

    /// <summary>The 16-byte type-specific area (u).</summary>
    public Span<byte> U => _bytes.AsSpan(MftLayout.UOffset, MftLayout.USize);

    /// <summary>The tender-private word (b): a host fd for BLOCK/NET, the hvt_pci_info GPA for PCI_BASIC.</summary>
    public ulong B
    {
        get => ReadU64(MftLayout.BOffset);
        set => WriteU64(MftLayout.BOffset, value);
    }

    public bool Attached
    {
        get => _bytes[MftLayout.AttachedOffset] != 0;
        set => _bytes[MftLayout.AttachedOffset] = value ? (byte)1 : (byte)0;
    }

    /// <summary>The raw attached byte (the tender requires it to be 0 in an image).</summary>
    public byte AttachedByte => _bytes[MftLayout.AttachedOffset];

    // BLOCK_BASIC
    public ulong BlockCapacity
    {
        get => ReadU64(MftLayout.BlockCapacityOffset);
        set => WriteU64(MftLayout.BlockCapacityOffset, value);
    }

    public ushort BlockSize
    {
        get => ReadU16(MftLayout.BlockSizeOffset);
        set => WriteU16(MftLayout.BlockSizeOffset, value);
    }

    // NET_BASIC
    public byte[] NetMac
    {
        get => _bytes.AsSpan(MftLayout.NetMacOffset, MftLayout.NetMacSize).ToArray();
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length != MftLayout.NetMacSize)
                throw new ManifestException($"a MAC address is {MftLayout.NetMacSize} bytes, not {value.Length}");
            value.CopyTo(_bytes, MftLayout.NetMacOffset);
        }
    }

    public ushort NetMtu
    {
        get => ReadU16(MftLayout.NetMtuOffset);
        set => WriteU16(MftLayout.NetMtuOffset, value);
    }

    // PCI_BASIC (docs/abi.md §2): 0xFFFF / 0xFF match any device.
    public const ushort AnyId = Abi.HvtMftPciBasic.AnyId;
    public const byte AnyClass = Abi.HvtMftPciBasic.AnyClass;

    public ushort VendorId
    {
        get => ReadU16(MftLayout.PciVendorIdOffset);
        set => WriteU16(MftLayout.PciVendorIdOffset, value);
    }

    public ushort DeviceId
    {
        get => ReadU16(MftLayout.PciDeviceIdOffset);
        set => WriteU16(MftLayout.PciDeviceIdOffset, value);
    }

    public byte ClassCode
    {
        get => _bytes[MftLayout.PciClassCodeOffset];
        set => _bytes[MftLayout.PciClassCodeOffset] = value;
    }

    public byte Subclass
    {
        get => _bytes[MftLayout.PciSubclassOffset];
        set => _bytes[MftLayout.PciSubclassOffset] = value;
    }

    public ulong DmaMin
    {
        get => ReadU64(MftLayout.PciDmaMinOffset);
        set => WriteU64(MftLayout.PciDmaMinOffset, value);
    }

    /// <summary>Bits of DMA address the device decodes as the entry declares them; 0 = all 64.</summary>
    public byte DmaBits
    {
        get => _bytes[MftLayout.PciDmaBitsOffset];
        set => _bytes[MftLayout.PciDmaBitsOffset] = value;
    }

    /// <summary><see cref="DmaBits"/> with 0 read as 64: the width the tender places the DMA window for.</summary>
    public int DmaAddressBits => DmaBits == Abi.HvtMftPciBasic.FullDmaBits ? Abi.HvtMftPciBasic.MaxDmaBits : DmaBits;

    /// <summary>
    /// The Solo5 lookup rule: this entry has <paramref name="type"/> and its name field equals
    /// <paramref name="name"/> as C strings compared over at most 68 bytes.
    /// </summary>
    public bool Matches(string name, uint type)
    {
        if (Type != type || name.Any(c => c > '\u00FF')) return false;
        var wanted = Encoding.Latin1.GetBytes(name);
        var nameField = NameField;
        for (var i = 0; i < MftLayout.NameSize; i++)
        {
            var a = nameField[i];
            var b = i < wanted.Length ? wanted[i] : (byte)0;
            if (a != b) return false;
            if (a == 0) return true;
        }
        return true;
    }

    public MftEntry Clone() => FromBytes(_bytes);

    internal void CopyTo(Span<byte> destination) => new ReadOnlySpan<byte>(_bytes).CopyTo(destination);

    private ushort ReadU16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));
    private void WriteU16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(offset), value);
    private ulong ReadU64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(offset));
    private void WriteU64(int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(offset), value);
}
