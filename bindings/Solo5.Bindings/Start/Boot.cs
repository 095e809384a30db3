using System;
using System.Runtime.InteropServices;
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
        /// end of image, trap entry table.</summary>
        [UnmanagedCallersOnly(EntryPoint = "solo5net_start")]
        private static void Start(HvtBootInfo* bootInfo, void** modulesStart, void** modulesEnd, ulong* imageLayout)
        {
            BootInfo.Set(bootInfo);

            ulong heapStart = (imageLayout[3] + PageSize - 1) & ~(PageSize - 1);
            ulong memSize = bootInfo->MemSize;
            if (heapStart + MinimumFreeMemory > memSize)
            {
                Solo5.ConsoleWrite("Solo5: ABORT: Not enough memory\n");
                Solo5.Halt(Solo5.ExitAbort, null);
            }
            Heap.Initialize((byte*)heapStart, (byte*)(memSize - StackReserve));
            Startup.InitializeStatics(modulesStart, modulesEnd);
            FailFast.Install(&WriteConsole, &AbortFromRuntime);
            TscClock.Initialize(bootInfo->CpuCycleFreq);

            var commandLine = new ReadOnlySpan<byte>((byte*)bootInfo->CommandLine, CStringLength((byte*)bootInfo->CommandLine));
            commandLine = BootOptions.Apply(commandLine);
            Banner.Print(imageLayout, heapStart, memSize);

            Span<char> text = stackalloc char[commandLine.Length];
            var start = new StartInfo(new string(text.Slice(0, Utf8.Decode(commandLine, text))), heapStart, memSize - heapStart);
            int status = Native.ApplicationMain(start);
            Solo5.Exit(status);
        }

        private static void WriteConsole(ReadOnlySpan<byte> bytes) => Solo5.ConsoleWrite(bytes);

        private static void AbortFromRuntime() => Solo5.Halt(Solo5.ExitAbort, null);

        private static int CStringLength(byte* text)
        {
            int n = 0;
            while (n < 8191 && text[n] != 0) n++;
            return n;
        }
    }
}
