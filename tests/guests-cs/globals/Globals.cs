using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_globals: initialised writable data is loaded ("RUCCESS" becomes "SUCCESS"),
    /// plus C# statics: a pre-initialised array, a reference-type static set at run time, a static
    /// constructor that must run exactly once.</summary>
    public static class Globals
    {
        private static readonly byte[] s_word = { (byte)'R', (byte)'U', (byte)'C', (byte)'C', (byte)'E', (byte)'S', (byte)'S', (byte)'\n' };
        private static Holder s_holder;
        private static int s_counter = 41;

        private sealed class Holder { public string Text; }

        private static class Once
        {
            public static int Runs;
            public static readonly string Value;
            static Once() { Runs++; Value = "cctor ran"; }
        }

        public static int Main(StartInfo start)
        {
            s_word[0] = (byte)'S';
            s_counter++;
            s_holder = new Holder { Text = "holder" };
            string a = Once.Value, b = Once.Value;
            bool ok = s_counter == 42 && s_holder.Text == "holder" && a == "cctor ran" && (object)a == b && Once.Runs == 1;
            if (!ok) { Solo5.ConsoleWrite("FAILURE\n"); return Solo5.ExitFailure; }
            Solo5.ConsoleWrite(s_word);
            return Solo5.ExitSuccess;
        }
    }
}
