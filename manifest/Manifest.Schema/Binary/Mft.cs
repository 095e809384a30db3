using System.Buffers.Binary;

namespace Solo5Net.Manifest;

/// <summary>
/// struct mft: a version word, an entry count and the entries. Entry 0 is the reserved first
/// entry; a device's handle is its entry index.
/// </summary>
public sealed class Mft
{
    public uint Version { get; set; } = MftLayout.Version;

    public List<MftEntry> Entries { get; } = [];

    /// <summary>A manifest holding the reserved first entry followed by <paramref name="devices"/>.</summary>
    public static Mft Create(IEnumerable<MftEntry> devices)
    {
        var mft = new Mft();
        mft.Entries.Add(MftEntry.ReservedFirst());
        mft.Entries.AddRange(devices);
        return mft;
    }

    /// <summary>Decodes and validates a manifest as the tender does before boot (docs/hvt-abi.md §7.2).</summary>
    public static Mft Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MftLayout.HeaderSize)
            throw new ManifestInvalidException($"manifest is {bytes.Length} bytes, smaller than its {MftLayout.HeaderSize}-byte header");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (version != MftLayout.Version)
            throw new ManifestInvalidException($"version {version}, expected {MftLayout.Version}");
        if (count > MftLayout.MaxEntries)
            throw new ManifestInvalidException($"{count} entries, maximum {MftLayout.MaxEntries}");
        if (bytes.Length != MftLayout.SizeFor((int)count))
            throw new ManifestInvalidException(
                $"manifest is {bytes.Length} bytes but {count} entries need {MftLayout.SizeFor((int)count)}");
        if (count < 1)
            throw new ManifestInvalidException("no entries (the reserved first entry is missing)");

        var mft = new Mft { Version = version };
        for (var i = 0; i < count; i++)
            mft.Entries.Add(MftEntry.FromBytes(bytes.Slice(MftLayout.HeaderSize + i * MftLayout.EntrySize, MftLayout.EntrySize)));

        var first = mft.Entries[0];
        if (first.Type != MftDeviceType.ReservedFirst || first.NameField[0] != 0)
            throw new ManifestInvalidException($"entry 0 is not the reserved first entry (type 0x{first.Type:x})");
        for (var i = 0; i < mft.Entries.Count; i++)
        {
            var e = mft.Entries[i];
            if (e.NameField[MftLayout.NameSize - 1] != 0)
                throw new ManifestInvalidException($"entry {i}: name is not NUL-terminated");
            if (e.AttachedByte != 0)
                throw new ManifestInvalidException($"entry {i} ('{e.Name}'): attached is set in the image");
        }
        return mft;
    }

    /// <summary>The struct mft bytes. Requires 1–64 entries.</summary>
    public byte[] Encode()
    {
        if (Entries.Count is < 1 or > MftLayout.MaxEntries)
            throw new ManifestException($"a manifest holds 1 to {MftLayout.MaxEntries} entries, not {Entries.Count}");
        var bytes = new byte[MftLayout.SizeFor(Entries.Count)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Entries.Count);
        for (var i = 0; i < Entries.Count; i++)
            Entries[i].CopyTo(bytes.AsSpan(MftLayout.HeaderSize + i * MftLayout.EntrySize, MftLayout.EntrySize));
        return bytes;
    }

    /// <summary>The index (handle) of the first entry with this name and type, or -1 (the Solo5 lookup rule).</summary>
    public int Find(string name, uint type)
    {
        for (var i = 0; i < Entries.Count; i++)
            if (Entries[i].Matches(name, type)) return i;
        return -1;
    }
}
