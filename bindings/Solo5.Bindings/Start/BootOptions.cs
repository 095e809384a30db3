using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>Leading `--solo5:LEVEL` tokens of the command line (quiet|error|warn|info|debug);
    /// they are removed before the application sees the command line. Compared as 8- and 4-byte
    /// words: this runs at every boot, at about 1 µs an instruction.</summary>
    internal static unsafe class BootOptions
    {
        private const ulong Prefix = '-' | (ulong)'-' << 8 | (ulong)'s' << 16 | (ulong)'o' << 24
            | (ulong)'l' << 32 | (ulong)'o' << 40 | (ulong)'5' << 48 | (ulong)':' << 56;   // "--solo5:"
        private const int PrefixLength = 8;

        public static ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> commandLine)
        {
            byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(commandLine));
            int n = commandLine.Length;
            while (n >= PrefixLength && *(ulong*)p == Prefix)
            {
                byte* value = p + PrefixLength;
                int rest = n - PrefixLength, length = 0;
                while (length < rest && value[length] != (byte)' ') length++;
                int level = Level(value, length);
                if (level >= 0) Log.Level = (LogLevel)level;
                else if (Log.Enabled(LogLevel.Warn)) WarnUnknown(new ReadOnlySpan<byte>(value, length));
                p = value + length;
                n = rest - length;
                while (n > 0 && *p == (byte)' ') { p++; n--; }
            }
            return n == commandLine.Length ? commandLine : new ReadOnlySpan<byte>(p, n);
        }

        /// <summary>The LogLevel named by the <paramref name="length"/> bytes at <paramref name="name"/>, or -1.</summary>
        private static int Level(byte* name, int length)
        {
            if (length == 4)
            {
                uint word = *(uint*)name;
                if (word == Word('w', 'a', 'r', 'n')) return (int)LogLevel.Warn;
                if (word == Word('i', 'n', 'f', 'o')) return (int)LogLevel.Info;
            }
            else if (length == 5)
            {
                uint word = *(uint*)name;
                byte last = name[4];
                if (word == Word('q', 'u', 'i', 'e') && last == 't' || word == Word('e', 'r', 'r', 'o') && last == 'r')
                    return (int)LogLevel.Error;
                if (word == Word('d', 'e', 'b', 'u') && last == 'g') return (int)LogLevel.Debug;
            }
            return -1;
        }

        private static uint Word(char a, char b, char c, char d) => a | (uint)b << 8 | (uint)c << 16 | (uint)d << 24;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WarnUnknown(ReadOnlySpan<byte> value)
        {
            Span<byte> line = stackalloc byte[128];
            Log.Begin(line).Append("unknown option ignored: --solo5:"u8).Append(value).Append("\n"u8).WriteToConsole();
        }
    }
}
