using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>First C# code to run (called from _start before anything else): installs the guest's
    /// descriptor tables. Must stay free of SSE zeroing (the build checks it): the #UD handler that
    /// completes rewritten zeroing instructions needs the IDT this installs.</summary>
    internal static unsafe class CpuInit
    {
        [UnmanagedCallersOnly(EntryPoint = "solo5net_cpu_init")]
        private static void Initialize(byte* trapEntries) => DescriptorTables.Load(trapEntries);
    }
}
