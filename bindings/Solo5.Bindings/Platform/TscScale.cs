namespace Solo5Net.Guest
{
    /// <summary>
    /// TSC cycles to nanoseconds as floor(cycles × m / 2³²), m = floor(10⁹ × 2³² / frequency) worked
    /// out once: three multiplies instead of the two divisions an exact conversion needs on every
    /// clock read. Monotonic in the cycles; below the exact value by at most cycles / 2³² + 1 ns
    /// (under 2 ns after an hour at 2 GHz).
    /// </summary>
    internal readonly struct TscScale
    {
        private const ulong NanosecondsPerSecond = 1_000_000_000;
        private readonly ulong _multiplierHigh, _multiplierLow;

        /// <param name="cyclesPerSecond">The TSC's frequency; 0 (unknown) counts a cycle as a nanosecond.</param>
        public TscScale(ulong cyclesPerSecond)
        {
            ulong multiplier = cyclesPerSecond == 0 ? 1UL << 32 : (NanosecondsPerSecond << 32) / cyclesPerSecond;
            _multiplierHigh = multiplier >> 32;
            _multiplierLow = multiplier & 0xFFFF_FFFF;
        }

        // cycles × m / 2³², with m and cycles split into 32-bit halves so that no product overflows.
        public ulong ToNanoseconds(ulong cycles) =>
            cycles * _multiplierHigh + (cycles >> 32) * _multiplierLow + (((cycles & 0xFFFF_FFFF) * _multiplierLow) >> 32);
    }
}
