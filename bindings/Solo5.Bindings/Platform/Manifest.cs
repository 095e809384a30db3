using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>The tender's copy of the manifest (struct mft at boot_info.mft). Handles are entry indices.</summary>
    internal static unsafe class Manifest
    {
        private static uint EntryCount => ((HvtMftHeader*)BootInfo.Pointer->Mft)->Entries;

        private static HvtMftEntry* Entry(uint index) => (HvtMftEntry*)(BootInfo.Pointer->Mft + HvtMftHeader.Size) + index;

        /// <summary>First entry of <paramref name="type"/> (<see cref="HvtMftType"/>) named <paramref name="name"/> (Solo5's lookup rule).</summary>
        public static bool TryFind(string name, uint type, out uint index, out HvtMftEntry* entry)
        {
            uint count = EntryCount;
            for (uint i = 0; i < count; i++)
            {
                HvtMftEntry* e = Entry(i);
                if (e->Type == type && NameEquals(e, name)) { index = i; entry = e; return true; }
            }
            index = 0;
            entry = null;
            return false;
        }

        public static bool TryGet(ulong handle, uint type, out HvtMftEntry* entry)
        {
            if (handle < EntryCount && Entry((uint)handle)->Type == type) { entry = Entry((uint)handle); return true; }
            entry = null;
            return false;
        }

        private static bool NameEquals(HvtMftEntry* entry, string name)
        {
            if (name == null || name.Length >= HvtMftEntry.NameSize) return false;
            for (int i = 0; i < name.Length; i++)
                if (name[i] > 0x7F || entry->Name[i] != (byte)name[i]) return false;
            return entry->Name[name.Length] == 0;
        }
    }
}
