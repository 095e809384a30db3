using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_mft_maxdevices: 63 block devices; the first and the last can be acquired and used.</summary>
    public static class MaxDevices
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_mft_maxdevices ****\n\n");
            if (Solo5.BlockAcquire("storage0", out BlockDevice first) != Solo5Result.Ok || first.Handle != 1) return Fail("storage0");
            if (Solo5.BlockAcquire("storage62", out BlockDevice last) != Solo5Result.Ok || last.Handle != 63) return Fail("storage62");
            byte[] block = new byte[last.BlockSize];
            if (last.Read(0, block) != Solo5Result.Ok || first.Read(0, block) != Solo5Result.Ok) return Fail("read");
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }

        private static int Fail(string what)
        {
            Solo5.ConsoleWrite("FAILURE: " + what + "\n");
            return Solo5.ExitFailure;
        }
    }
}
