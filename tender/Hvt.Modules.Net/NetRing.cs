namespace Solo5Net.Hvt.Modules.Net;

/// <summary>
/// The shared ring (struct hvt_ring, 49280 bytes, docs/hvt-abi.md §5.2) seen from the host: indices,
/// submission entries written by the guest, commits written by the host. Every access is a single
/// aligned load or store through the mapping the guest also sees; callers order them with
/// <see cref="Interlocked.MemoryBarrier"/> where the protocol needs a fence.
/// </summary>
public sealed class NetRing(GuestRegion region)
{
    public const int Slots = 1024;
    public const uint Mask = Slots - 1;
    public const int Size = 128 + Slots * EntrySize + Slots * CommitSize;
    public const uint OpWrite = 1, OpRead = 2;
    public const ushort KickPort = 0x600;

    private const int EntTailOffset = 0, ComHeadOffset = 4;           // guest-written
    private const int EntHeadOffset = 64, ComTailOffset = 68, NeedsKickOffset = 72;  // host-written
    private const int EntriesOffset = 128, EntrySize = 32;
    private const int CommitsOffset = EntriesOffset + Slots * EntrySize, CommitSize = 16;

    public uint EntTail => U32(EntTailOffset);
    public uint EntHead { get => U32(EntHeadOffset); set => SetU32(EntHeadOffset, value); }
    public uint ComTail { get => U32(ComTailOffset); set => SetU32(ComTailOffset, value); }
    public bool NeedsKick { set => SetU32(NeedsKickOffset, value ? 1u : 0u); }

    /// <summary>Submission entry at index (free-running; the slot is index &amp; 1023).</summary>
    public Entry ReadEntry(uint index)
    {
        int at = EntriesOffset + (int)(index & Mask) * EntrySize;
        return new Entry(U32(at), U32(at + 4), U64(at + 8), U32(at + 16), U32(at + 20));
    }

    /// <summary>Writes the commit for slot index &amp; 1023 (the caller then publishes com_tail).</summary>
    public void WriteCommit(uint index, uint id, Solo5Result result, uint length)
    {
        int at = CommitsOffset + (int)(index & Mask) * CommitSize;
        SetU32(at, id);
        SetU32(at + 4, (uint)result);
        SetU32(at + 8, length);
        SetU32(at + 12, 0);
    }

    private uint U32(int offset) => region.ReadUInt32((ulong)offset);
    private ulong U64(int offset) => region.ReadUInt64((ulong)offset);
    private void SetU32(int offset, uint value) => region.WriteUInt32((ulong)offset, value);

    public readonly record struct Entry(uint Operation, uint Handle, ulong Data, uint Length, uint Id);
}
