using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_quiet: run with --solo5:quiet, nothing prefixed "Solo5:" may appear.</summary>
    public static class Quiet
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_quiet ****\n\n");
            Solo5.ConsoleWrite(start.CommandLine.Length == 0 ? "SUCCESS\n" : "FAILURE: leftover command line\n");
            return start.CommandLine.Length == 0 ? Solo5.ExitSuccess : Solo5.ExitFailure;
        }
    }
}
