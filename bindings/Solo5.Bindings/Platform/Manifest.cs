using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>struct mft_entry (104 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 104)]
    internal unsafe struct MftEntry
    {
        public const int NameSize = 68;

        [FieldOffset(0)] public fixed byte Name[NameSize];
        [FieldOffset(68)] public uint Type;
        [FieldOffset(72)] public fixed byte Union[16];
        [FieldOffset(88)] public ulong B;
        [FieldOffset(96)] public byte Attached;

        /// <summary>The 16-byte device-specific area at offset 72.</summary>
        public static byte* UnionOf(MftEntry* entry) => (byte*)entry + 72;
    }

    /// <summary>The tender's copy of the manifest (struct mft at boot_info.mft). Handles are entry indices.</summary>
    internal static unsafe class Manifest
    {
        public const uint TypeBlockBasic = 1, TypeNetBasic = 2, TypePciBasic = 3;

        private static uint EntryCount => *(uint*)(BootInfo.Pointer->Manifest + 4);

        private static MftEntry* Entry(uint index) => (MftEntry*)(BootInfo.Pointer->Manifest + 8) + index;

        /// <summary>First entry of <paramref name="type"/> named <paramref name="name"/> (Solo5's lookup rule).</summary>
        public static bool TryFind(string name, uint type, out uint index, out MftEntry* entry)
        {
            uint count = EntryCount;
            for (uint i = 0; i < count; i++)
            {
                MftEntry* e = Entry(i);
                if (e->Type == type && NameEquals(e, name)) { index = i; entry = e; return true; }
            }
            index = 0;
            entry = null;
            return false;
        }

        public static bool TryGet(ulong handle, uint type, out MftEntry* entry)
        {
            if (handle < EntryCount && Entry((uint)handle)->Type == type) { entry = Entry((uint)handle); return true; }
            entry = null;
            return false;
        }

        private static bool NameEquals(MftEntry* entry, string name)
        {
            if (name == null || name.Length >= MftEntry.NameSize) return false;
            for (int i = 0; i < name.Length; i++)
                if (name[i] > 0x7F || entry->Name[i] != (byte)name[i]) return false;
            return entry->Name[name.Length] == 0;
        }
    }
}
