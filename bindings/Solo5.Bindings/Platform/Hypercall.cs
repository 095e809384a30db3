using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>Solo5 hypercalls: a 32-bit OUT to port 0x500 + nr (<see cref="HvtHypercall"/>) carrying the argument struct's GPA.</summary>
    internal static unsafe class Hypercall
    {
        public static void Invoke(uint nr, void* argument) => Native.Hypercall(HvtHypercall.PioBase + nr, argument);
    }
}
