namespace System
{
    /// <summary>Integer math (no floating point) and the checked-conversion helpers ilc calls.</summary>
    public static class Math
    {
        public static int Min(int a, int b) => a < b ? a : b;
        public static int Max(int a, int b) => a > b ? a : b;
        public static uint Min(uint a, uint b) => a < b ? a : b;
        public static uint Max(uint a, uint b) => a > b ? a : b;
        public static long Min(long a, long b) => a < b ? a : b;
        public static long Max(long a, long b) => a > b ? a : b;
        public static ulong Min(ulong a, ulong b) => a < b ? a : b;
        public static ulong Max(ulong a, ulong b) => a > b ? a : b;
        public static int Abs(int value) => value < 0 ? -value : value;
        public static long Abs(long value) => value < 0 ? -value : value;
        public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;

        /// <summary>Full 128-bit product of two 64-bit values (schoolbook on 32-bit halves).</summary>
        public static ulong BigMul(ulong a, ulong b, out ulong low)
        {
            ulong aLo = (uint)a, aHi = a >> 32, bLo = (uint)b, bHi = b >> 32;
            ulong ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
            ulong mid = (ll >> 32) + (uint)lh + (uint)hl;
            low = (mid << 32) | (uint)ll;
            return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
        }

        // Floating-point conversion helpers ilc requires to exist. Guests have no floating point,
        // so reaching one is a failure, reported without executing any floating-point instruction.
        private static int ConvertToInt32Checked(double value) => FloatingPointUnsupported<int>();
        private static uint ConvertToUInt32Checked(double value) => FloatingPointUnsupported<uint>();
        private static long ConvertToInt64Checked(double value) => FloatingPointUnsupported<long>();
        private static ulong ConvertToUInt64Checked(double value) => FloatingPointUnsupported<ulong>();
        private static ulong ConvertToUInt64(double value) => FloatingPointUnsupported<ulong>();
        private static long ConvertToInt64(double value) => FloatingPointUnsupported<long>();
        private static int ConvertToInt32(double value) => FloatingPointUnsupported<int>();
        private static uint ConvertToUInt32(double value) => FloatingPointUnsupported<uint>();

        private static T FloatingPointUnsupported<T>()
        {
            Solo5Net.Runtime.FailFast.Fail("floating point is not supported in a Solo5Net guest");
            return default;
        }
    }
}
