using System.Runtime.InteropServices;

namespace Solo5Net.Abi
{
    /// <summary>
    /// struct hvt_ring (docs/hvt-abi.md §5.2): the net ring at boot_info.net_ring. The guest writes
    /// ent_tail, com_head and the entries; the host writes ent_head, com_tail, needs_kick and the
    /// commits. Indices run free; the slot is index &amp; <see cref="Mask"/>.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public unsafe struct HvtRing
    {
        public const int Slots = 1024;
        public const uint Mask = Slots - 1;
        public const int EntTailOffset = 0, ComHeadOffset = 4;
        public const int EntHeadOffset = 64, ComTailOffset = 68, NeedsKickOffset = 72;
        public const int EntriesOffset = 128;
        public const int CommitsOffset = EntriesOffset + Slots * HvtRingEntry.Size;
        public const int Size = CommitsOffset + Slots * HvtRingCommit.Size;

        /// <summary>The port of the guest's kick (a 32-bit OUT) when needs_kick is set.</summary>
        public const ushort KickPort = 0x600;

        [FieldOffset(EntTailOffset)] public uint EntTail;
        [FieldOffset(ComHeadOffset)] public uint ComHead;
        [FieldOffset(EntHeadOffset)] public uint EntHead;
        [FieldOffset(ComTailOffset)] public uint ComTail;
        [FieldOffset(NeedsKickOffset)] public uint NeedsKick;
        [FieldOffset(EntriesOffset)] [CArray(typeof(HvtRingEntry), Slots)]
        public fixed byte Entries[Slots * HvtRingEntry.Size];
        [FieldOffset(CommitsOffset)] [CArray(typeof(HvtRingCommit), Slots)]
        public fixed byte Commits[Slots * HvtRingCommit.Size];
    }

    /// <summary>A submission entry (32 bytes), written by the guest.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtRingEntry
    {
        public const int Size = 32;

        /// <summary><see cref="HvtRingOp"/>.</summary>
        [FieldOffset(0)] public uint Op;
        [FieldOffset(4)] public uint Handle;
        [FieldOffset(8)] public ulong Data;
        [FieldOffset(16)] public uint Len;
        [FieldOffset(20)] public uint Id;
    }

    /// <summary>A commit (16 bytes), written by the host for each read.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtRingCommit
    {
        public const int Size = 16;

        [FieldOffset(0)] public uint Id;
        /// <summary>solo5_result_t.</summary>
        [FieldOffset(4)] public int Ret;
        [FieldOffset(8)] public uint Len;
    }

    /// <summary>hvt_ring_entry.op.</summary>
    [CName("HVT_RING")]
    public enum HvtRingOp : uint
    {
        NetWrite = 1,
        NetRead = 2,
    }
}
