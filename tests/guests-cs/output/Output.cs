using System;
using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_output: one console write of about 4 KiB (64 lines of 64 bytes).</summary>
    public static class Output
    {
        private const int Lines = 64, LineLength = 64;

        public static int Main(StartInfo start)
        {
            Span<byte> text = stackalloc byte[Lines * LineLength];
            for (int line = 0; line < Lines; line++)
            {
                Span<byte> l = text.Slice(line * LineLength, LineLength);
                for (int i = 0; i < LineLength - 1; i++) l[i] = (byte)('A' + (line + i) % 26);
                l[LineLength - 1] = (byte)'\n';
            }
            Solo5.ConsoleWrite(text);
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }
    }
}
