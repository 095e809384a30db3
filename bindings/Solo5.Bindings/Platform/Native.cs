using System.Runtime;
using System.Runtime.CompilerServices;

namespace Solo5Net.Guest
{
    /// <summary>The assembly stubs of guest/Guest.Sdk/start.S, called directly.</summary>
    internal static unsafe class Native
    {
        [RuntimeImport("*", "solo5net_hypercall"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Hypercall(uint port, void* argument);

        [RuntimeImport("*", "solo5net_in8"), MethodImpl(MethodImplOptions.InternalCall)] public static extern byte In8(uint port);
        [RuntimeImport("*", "solo5net_in16"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ushort In16(uint port);
        [RuntimeImport("*", "solo5net_in32"), MethodImpl(MethodImplOptions.InternalCall)] public static extern uint In32(uint port);
        [RuntimeImport("*", "solo5net_out8"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Out8(uint port, uint value);
        [RuntimeImport("*", "solo5net_out16"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Out16(uint port, uint value);
        [RuntimeImport("*", "solo5net_out32"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Out32(uint port, uint value);

        [RuntimeImport("*", "solo5net_rdtsc"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong Rdtsc();
        [RuntimeImport("*", "solo5net_mfence"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void MemoryFence();
        [RuntimeImport("*", "solo5net_pause"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Pause();
        [RuntimeImport("*", "solo5net_read_cr2"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadCr2();
        [RuntimeImport("*", "solo5net_halt_forever"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void HaltForever();

        [RuntimeImport("*", "solo5net_load_descriptor_tables"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void LoadDescriptorTables(void* gdtr, void* idtr, ushort taskSelector);

        [RuntimeImport("*", "solo5net_app_main"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int ApplicationMain(StartInfo start);
    }
}
