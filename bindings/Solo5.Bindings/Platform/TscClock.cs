namespace Solo5Net.Guest
{
    /// <summary>Monotonic clock from RDTSC and the tender's cpu_cycle_freq (Hz), in integer math
    /// (<see cref="TscScale"/>).</summary>
    internal static class TscClock
    {
        private static ulong s_base;
        private static TscScale s_scale;

        public static void Initialize(ulong cyclesPerSecond)
        {
            s_scale = new TscScale(cyclesPerSecond);
            s_base = Cpu.ReadTimestampCounter();
        }

        public static ulong Now() => s_scale.ToNanoseconds(Cpu.ReadTimestampCounter() - s_base);
    }
}
