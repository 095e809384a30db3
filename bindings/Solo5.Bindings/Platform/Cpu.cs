namespace Solo5Net.Guest
{
    /// <summary>Single CPU instructions the bindings need (through the start.S stubs).</summary>
    internal static class Cpu
    {
        public static void MemoryFence() => Native.MemoryFence();
        public static void Pause() => Native.Pause();
        public static ulong ReadTimestampCounter() => Native.Rdtsc();
    }
}
