using System;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Solo5Net.Runtime
{
    /// <summary>
    /// The part of .NET's runtime start-up a guest needs: allocating the objects that hold each
    /// type's reference-type static fields. ilc lists them in the "GC static region" of each
    /// module's ReadyToRun header; the `__modules` section points at those headers. Until this has
    /// run, touching a static field of reference type faults.
    /// </summary>
    public static unsafe class Startup
    {
        private const uint ReadyToRunSignature = 0x00525452; // "RTR"
        private const int GcStaticRegionSection = 201;
        private const int UninitializedFlag = 1;
        private const int PreinitializedDataFlag = 2;
        private const int FlagMask = 3;

        /// <summary><paramref name="modulesStart"/>..<paramref name="modulesEnd"/> is the `__modules`
        /// section (an array of header pointers). Needs <see cref="Heap.Initialize"/> first.</summary>
        public static void InitializeStatics(void** modulesStart, void** modulesEnd)
        {
            for (void** module = modulesStart; module < modulesEnd; module++)
            {
                byte* header = (byte*)*module;
                if (header == null) continue;
                if (*(uint*)header != ReadyToRunSignature) FailFast.Fail("module header signature mismatch (image not built by ilc?)");
                int entrySize = header[14];
                byte* row = header + 16;
                byte* end = row + *(ushort*)(header + 12) * entrySize;
                // ilc writes the rows sorted by section id (ReadyToRunHeaderNode): stop at the first
                // id at or past the GC static region's; there is at most one such region per module.
                for (; row < end; row += entrySize)
                {
                    int id = *(int*)row;
                    if (id < GcStaticRegionSection) continue;
                    if (id == GcStaticRegionSection) InitializeGcStaticRegion(*(byte**)(row + 8), *(byte**)(row + 16));
                    break;
                }
            }
        }

        private static void InitializeGcStaticRegion(byte* start, byte* end)
        {
            for (byte* entry = start; entry < end; entry += sizeof(int))
            {
                // Each entry is a 32-bit relative pointer to a static-base slot. The slot holds a
                // relative pointer to the statics' MethodTable tagged with flags, followed (if
                // pre-initialised) by a relative pointer to the initial field values.
                nint* slot = (nint*)ReadRelativePointer((int*)entry);
                nint tagged = (nint)ReadRelativePointer((int*)slot);
                if ((tagged & UninitializedFlag) == 0) continue;

                var type = (MethodTable*)(tagged & ~(nint)FlagMask);
                object statics = Heap.AllocateObject(type);
                if ((tagged & PreinitializedDataFlag) != 0)
                {
                    byte* initialData = ReadRelativePointer((int*)slot + 1);
                    Buffer.Memmove((byte*)Unsafe.AsPointer(ref statics.GetRawData()), initialData, type->BaseSize - 16);
                }
                *slot = Unsafe.As<object, nint>(ref statics);
            }
        }

        private static byte* ReadRelativePointer(int* location) => (byte*)location + *location;
    }
}
