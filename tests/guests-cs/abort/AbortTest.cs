using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5.Abort(): exit status 255 and "solo5_abort() called".</summary>
    public static class AbortTest
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_abort ****\n\n");
            Solo5.Abort();
            return Solo5.ExitSuccess;
        }
    }
}
