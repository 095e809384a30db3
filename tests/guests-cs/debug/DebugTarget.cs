using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>
    /// The gdb test guest in C# (tests/Guest.Tests/GdbGuestTests): Main calls Checksum, which
    /// updates a static field; the exit code is 7.
    /// </summary>
    public static class DebugTarget
    {
        public static long Counter = 40;

        public static int Main(StartInfo start)
        {
            long result = Checksum(5);
            Solo5.ConsoleWrite("debug guest: checksum done\n");
            return (int)(result - 8);
        }

        private static long Checksum(long value)
        {
            long sum = value * 3;
            Counter += 2;
            return sum;
        }
    }
}
