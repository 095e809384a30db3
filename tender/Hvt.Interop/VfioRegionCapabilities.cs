using System.Buffers.Binary;

namespace Solo5Net.Interop;

/// <summary>
/// Reads the capability chain that follows a vfio_region_info (kernel VFIO and vfio-user use the
/// same encoding). Each capability starts with a header {u16 id, u16 version, u32 next}, where
/// next is an offset from the start of the region info (0 ends the chain). Only the sparse-mmap
/// capability (id 1: u32 nr_areas, u32 reserved, then {u64 offset, u64 size} per area) matters here.
/// </summary>
public static class VfioRegionCapabilities
{
    public const ushort SparseMmapId = 1;
    private const int HeaderSize = 8;
    private const int MaxChainLength = 64;

    /// <summary>The sparse-mmap areas of the chain starting at <paramref name="capOffset"/> in
    /// <paramref name="regionInfo"/> (the whole reply, struct included), or null if there is none.
    /// A malformed chain (out of bounds, looping) is an <see cref="InvalidDataException"/>.</summary>
    public static IReadOnlyList<VfioSparseArea>? FindSparseMmap(ReadOnlySpan<byte> regionInfo, uint capOffset)
    {
        var offset = capOffset;
        for (var hops = 0; offset != 0; hops++)
        {
            if (hops == MaxChainLength) throw new InvalidDataException("region capability chain does not end");
            if (offset > (uint)regionInfo.Length || regionInfo.Length - (int)offset < HeaderSize)
                throw new InvalidDataException($"region capability at offset {offset} lies outside the {regionInfo.Length}-byte reply");
            var cap = regionInfo[(int)offset..];
            var id = BinaryPrimitives.ReadUInt16LittleEndian(cap);
            var next = BinaryPrimitives.ReadUInt32LittleEndian(cap[4..]);
            if (id == SparseMmapId) return ReadSparseAreas(cap);
            offset = next;
        }
        return null;
    }

    private static VfioSparseArea[] ReadSparseAreas(ReadOnlySpan<byte> cap)
    {
        if (cap.Length < HeaderSize + 8) throw new InvalidDataException("sparse-mmap capability is truncated");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(cap[HeaderSize..]);
        var areas = cap[(HeaderSize + 8)..];
        if (count > (uint)(areas.Length / 16))
            throw new InvalidDataException($"sparse-mmap capability declares {count} areas but has room for {areas.Length / 16}");
        var result = new VfioSparseArea[count];
        for (var i = 0; i < result.Length; i++)
            result[i] = new VfioSparseArea(
                BinaryPrimitives.ReadUInt64LittleEndian(areas[(i * 16)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(areas[(i * 16 + 8)..]));
        return result;
    }
}
