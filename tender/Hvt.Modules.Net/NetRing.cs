using Solo5Net.Abi;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>
/// The shared ring (<see cref="HvtRing"/>, docs/hvt-abi.md §5.2) seen from the host: indices,
/// submission entries written by the guest, commits written by the host. The indices are single
/// aligned volatile loads and stores through the mapping the guest also sees; callers order them
/// with <see cref="Interlocked.MemoryBarrier"/> where the protocol needs a fence.
/// </summary>
public sealed class NetRing(GuestRegion region)
{
    public uint EntTail => U32(HvtRing.EntTailOffset);
    public uint EntHead { get => U32(HvtRing.EntHeadOffset); set => SetU32(HvtRing.EntHeadOffset, value); }
    public uint ComTail { get => U32(HvtRing.ComTailOffset); set => SetU32(HvtRing.ComTailOffset, value); }
    public bool NeedsKick { set => SetU32(HvtRing.NeedsKickOffset, value ? 1u : 0u); }

    /// <summary>Submission entry at index (free-running; the slot is index &amp; <see cref="HvtRing.Mask"/>).</summary>
    public HvtRingEntry ReadEntry(uint index) =>
        region.Read<HvtRingEntry>(HvtRing.EntriesOffset + (ulong)(index & HvtRing.Mask) * HvtRingEntry.Size);

    /// <summary>Writes the commit for slot index &amp; <see cref="HvtRing.Mask"/> (the caller then publishes com_tail).</summary>
    public void WriteCommit(uint index, uint id, Solo5Result result, uint length) =>
        region.Write(HvtRing.CommitsOffset + (ulong)(index & HvtRing.Mask) * HvtRingCommit.Size,
            new HvtRingCommit { Id = id, Ret = (int)result, Len = length });

    private uint U32(int offset) => region.ReadUInt32((ulong)offset);
    private void SetU32(int offset, uint value) => region.WriteUInt32((ulong)offset, value);
}
