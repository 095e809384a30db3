namespace Solo5Net.Guest
{
    /// <summary>What the guest gets at start: its command line and the memory the runtime allocates from.</summary>
    public sealed class StartInfo
    {
        internal StartInfo(string commandLine, ulong heapStart, ulong heapSize)
        {
            CommandLine = commandLine;
            HeapStart = heapStart;
            HeapSize = heapSize;
        }

        /// <summary>Everything after the KERNEL operand, joined with single spaces, with leading
        /// --solo5: options removed.</summary>
        public string CommandLine { get; }

        /// <summary>The heap region (managed `new` allocates from it; see Solo5Net.Runtime.Heap).
        /// The stack shares the top of this region.</summary>
        public ulong HeapStart { get; }
        public ulong HeapSize { get; }
    }
}
