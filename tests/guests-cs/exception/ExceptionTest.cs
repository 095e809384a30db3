using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_exception: a write to unmapped memory (16 GiB) must raise #PF through the
    /// guest's IDT and abort (255) with the trap line.</summary>
    public static unsafe class ExceptionTest
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_exception ****\n\n");
            System.Threading.Volatile.Write(ref *(int*)0x400000000, 1);
            Solo5.ConsoleWrite("FAILURE\n");
            return Solo5.ExitFailure;
        }
    }
}
