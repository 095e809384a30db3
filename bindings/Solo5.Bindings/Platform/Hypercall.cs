namespace Solo5Net.Guest
{
    /// <summary>Solo5 hypercalls: a 32-bit OUT to port 0x500 + nr carrying the argument struct's GPA.</summary>
    internal static unsafe class Hypercall
    {
        public const uint Walltime = 1, Puts = 2, Poll = 3, BlockWrite = 4, BlockRead = 5, NetWrite = 6, NetRead = 7, Halt = 8;
        private const uint PortBase = 0x500;

        public static void Invoke(uint nr, void* argument) => Native.Hypercall(PortBase + nr, argument);
    }
}
