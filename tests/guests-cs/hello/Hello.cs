using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_hello: the command line must arrive exactly as "Hello_Solo5".</summary>
    public static class Hello
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_hello ****\n\n");
            Solo5.ConsoleWrite("Hello, World\nCommand line is: '" + start.CommandLine + "'\n");
            if (start.CommandLine != "Hello_Solo5")
            {
                Solo5.ConsoleWrite("FAILURE\n");
                return Solo5.ExitFailure;
            }
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }
    }
}
