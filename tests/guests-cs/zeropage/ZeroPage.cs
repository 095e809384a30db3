using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_zeropage: a write to GPA 8 (not mapped) must fault and abort.</summary>
    public static unsafe class ZeroPage
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_zeropage ****\n\n");
            System.Threading.Volatile.Write(ref *(int*)8, 1);
            Solo5.ConsoleWrite("FAILURE\n");
            return Solo5.ExitFailure;
        }
    }
}
