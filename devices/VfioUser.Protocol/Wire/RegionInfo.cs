using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

[Flags]
public enum RegionFlags : uint
{
    None = 0,
    Read = 1,
    Write = 2,
    Mmap = 4,
    Capabilities = 8,
}

/// <summary>Well-known region indices of a PCI device.</summary>
public static class PciRegion
{
    public const uint Bar0 = 0, Bar5 = 5, Rom = 6, Config = 7, Vga = 8;
}

/// <summary>One mappable sub-area of a region (the sparse-mmap capability).</summary>
public readonly record struct SparseMmapArea(ulong Offset, ulong Size);

/// <summary>
/// DEVICE_GET_REGION_INFO request and reply, laid out as the kernel's vfio_region_info (32 bytes:
/// u32 argsz, u32 flags, u32 index, u32 cap_offset, u64 size, u64 offset), followed in a reply by a
/// capability chain when argsz allows. The only capability modelled is sparse mmap (id 1, version 1):
/// header {u16 id, u16 version, u32 next}, u32 nr_areas, u32 reserved, then {u64 offset, u64 size} areas.
/// </summary>
public sealed record RegionInfo(
    uint ArgSize, RegionFlags Flags, uint Index, uint CapabilityOffset, ulong Size, ulong Offset,
    IReadOnlyList<SparseMmapArea>? SparseAreas = null)
{
    public const int Length = 32;
    public const ushort SparseMmapCapabilityId = 1;
    private const int CapabilityHeaderLength = 8, SparseHeaderLength = 16, SparseAreaLength = 16;

    /// <summary>The request for region <paramref name="index"/>, saying the caller accepts up to
    /// <paramref name="argSize"/> bytes (more than 32 to receive capabilities).</summary>
    public static byte[] EncodeRequest(uint index, uint argSize = 256) =>
        new RegionInfo(argSize, RegionFlags.None, index, 0, 0, 0).EncodeFixedPart();

    /// <summary>Bytes a reply needs to carry this region's capabilities.</summary>
    public uint FullLength => SparseAreas is { Count: > 0 } areas
        ? (uint)(Length + SparseHeaderLength + areas.Count * SparseAreaLength) : Length;

    /// <summary>
    /// The reply to a request that accepts <paramref name="requestedArgSize"/> bytes: the capability
    /// chain is included only when it fits; argsz always says how much the full answer needs.
    /// </summary>
    public byte[] EncodeReply(uint requestedArgSize)
    {
        bool withCapabilities = SparseAreas is { Count: > 0 };
        bool fits = withCapabilities && requestedArgSize >= FullLength;
        var reply = this with
        {
            ArgSize = FullLength,
            Flags = withCapabilities ? Flags | RegionFlags.Capabilities : Flags & ~RegionFlags.Capabilities,
            CapabilityOffset = fits ? (uint)Length : 0,
        };
        var bytes = new byte[fits ? FullLength : Length];
        reply.EncodeFixedPart().CopyTo(bytes, 0);
        if (fits)
        {
            var cap = bytes.AsSpan(Length);
            BinaryPrimitives.WriteUInt16LittleEndian(cap, SparseMmapCapabilityId);
            BinaryPrimitives.WriteUInt16LittleEndian(cap[2..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(cap[4..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(cap[8..], (uint)SparseAreas!.Count);
            for (int i = 0; i < SparseAreas.Count; i++)
            {
                var area = cap[(SparseHeaderLength + i * SparseAreaLength)..];
                BinaryPrimitives.WriteUInt64LittleEndian(area, SparseAreas[i].Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(area[8..], SparseAreas[i].Size);
            }
        }
        return bytes;
    }

    public byte[] EncodeFixedPart()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, ArgSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Index);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), CapabilityOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), Size);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), Offset);
        return bytes;
    }

    /// <summary>Decodes a request or reply; follows the capability chain (bounded, loop-safe) and
    /// keeps the sparse-mmap areas, skipping capabilities it does not know.</summary>
    public static RegionInfo Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DEVICE_GET_REGION_INFO");
        var flags = (RegionFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        uint capOffset = BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]);
        List<SparseMmapArea>? areas = null;
        if ((flags & RegionFlags.Capabilities) != 0 && capOffset != 0)
        {
            for (int hops = 0; capOffset != 0 && hops < 16; hops++)
            {
                if (capOffset < Length || capOffset > payload.Length - CapabilityHeaderLength)
                    throw new VfioUserProtocolException($"region capability offset {capOffset} is outside the {payload.Length}-byte reply");
                var cap = payload[(int)capOffset..];
                ushort id = BinaryPrimitives.ReadUInt16LittleEndian(cap);
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(cap[4..]);
                if (id == SparseMmapCapabilityId)
                {
                    PayloadReader.RequireLength(cap, SparseHeaderLength, "sparse-mmap capability");
                    uint count = BinaryPrimitives.ReadUInt32LittleEndian(cap[8..]);
                    if (count > (uint)(cap.Length - SparseHeaderLength) / SparseAreaLength)
                        throw new VfioUserProtocolException($"sparse-mmap capability lists {count} areas beyond the reply");
                    areas = new List<SparseMmapArea>((int)count);
                    for (int i = 0; i < count; i++)
                    {
                        var area = cap[(SparseHeaderLength + i * SparseAreaLength)..];
                        areas.Add(new SparseMmapArea(BinaryPrimitives.ReadUInt64LittleEndian(area),
                            BinaryPrimitives.ReadUInt64LittleEndian(area[8..])));
                    }
                }
                capOffset = next;
            }
        }
        return new RegionInfo(BinaryPrimitives.ReadUInt32LittleEndian(payload), flags,
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]), BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[16..]), BinaryPrimitives.ReadUInt64LittleEndian(payload[24..]), areas);
    }
}
