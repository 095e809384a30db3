namespace Solo5Net.Guest
{
    /// <summary>Monotonic clock from RDTSC and the tender's cpu_cycle_freq (Hz); integer math only:
    /// ns = whole seconds × 10⁹ + remainder × 10⁹ / freq (exact, no overflow below 18 GHz).</summary>
    internal static class TscClock
    {
        private const ulong NanosecondsPerSecond = 1_000_000_000;
        private static ulong s_base;
        private static ulong s_frequency;

        public static void Initialize(ulong cyclesPerSecond)
        {
            s_frequency = cyclesPerSecond == 0 ? NanosecondsPerSecond : cyclesPerSecond;
            s_base = Cpu.ReadTimestampCounter();
        }

        public static ulong Now()
        {
            ulong cycles = Cpu.ReadTimestampCounter() - s_base;
            return cycles / s_frequency * NanosecondsPerSecond + cycles % s_frequency * NanosecondsPerSecond / s_frequency;
        }
    }
}
