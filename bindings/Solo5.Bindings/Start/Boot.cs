using System;
using System.Runtime.InteropServices;
using Solo5Net.Abi;
using Solo5Net.Runtime;
using Solo5Net.Runtime.Text;

namespace Solo5Net.Guest
{
    /// <summary>
    /// What runs between the tender and the application's Main: CPU tables, memory, the runtime's
    /// heap and statics, clock, command line, banner; then Main, then exit with its result.
    /// Nothing here may touch a reference-type static before Startup.InitializeStatics.
    /// </summary>
    internal static unsafe class Boot
    {
        private const ulong PageSize = 0x1000;
        /// <summary>Solo5's minimum: the image plus this much must fit in guest memory.</summary>
        private const ulong MinimumFreeMemory = 512 * 1024;
        /// <summary>Top of memory kept for the stack; the heap allocator never hands it out.</summary>
        private const ulong StackReserve = 256 * 1024;

        /// <summary>Called by _start after CpuInit. imageLayout[]: text start, rodata start, data start,
        /// end of image, trap entry block.</summary>
        [UnmanagedCallersOnly(EntryPoint = "solo5net_start")]
        private static void Start(HvtBootInfo* bootInfo, void** modulesStart, void** modulesEnd, ulong* imageLayout)
        {
            BootInfo.Set(bootInfo);

            ulong heapStart = (imageLayout[3] + PageSize - 1) & ~(PageSize - 1);
            ulong memSize = bootInfo->MemSize;
            if (heapStart + MinimumFreeMemory > memSize)
            {
                Solo5.ConsoleWrite("Solo5: ABORT: Not enough memory\n"u8);
                Solo5.Halt(Solo5.ExitAbort, null);
            }
            Heap.Initialize((byte*)heapStart, (byte*)(memSize - StackReserve));
            Startup.InitializeStatics(modulesStart, modulesEnd);
            FailFast.Install(&WriteConsole, &AbortFromRuntime);
            TscClock.Initialize(bootInfo->CpuCycleFreq);

            var commandLine = new ReadOnlySpan<byte>((byte*)bootInfo->Cmdline, CStringLength((byte*)bootInfo->Cmdline));
            commandLine = BootOptions.Apply(commandLine);
            Banner.Print(imageLayout, heapStart, memSize);

            Span<char> text = stackalloc char[commandLine.Length];
            var start = new StartInfo(new string(text.Slice(0, Utf8.Decode(commandLine, text))), heapStart, memSize - heapStart);
            int status = Native.ApplicationMain(start);
            Solo5.Exit(status);
        }

        private static void WriteConsole(ReadOnlySpan<byte> bytes) => Solo5.ConsoleWrite(bytes);

        private static void AbortFromRuntime() => Solo5.Halt(Solo5.ExitAbort, null);

        /// <summary>Length of the NUL-terminated command line (at most 8191 bytes), a word at a time.
        /// The words are 8-byte aligned (the first one masked to start at the text), and an aligned
        /// word never crosses a page, so reading before the text or past the NUL is harmless.</summary>
        private static int CStringLength(byte* text)
        {
            const int Max = 8191;
            int skip = (int)((nuint)text & 7);
            ulong* word = (ulong*)(text - skip);
            ulong bits = *word | ((1UL << (skip * 8)) - 1);   // the bytes before the text count as non-zero
            while (((bits - 0x01010101_01010101UL) & ~bits & 0x80808080_80808080UL) == 0)   // no zero byte
            {
                if ((byte*)++word - text >= Max) return Max;
                bits = *word;
            }
            byte* p = (byte*)word > text ? (byte*)word : text;
            while (*p != 0) p++;
            int n = (int)(p - text);
            return n < Max ? n : Max;
        }
    }
}
