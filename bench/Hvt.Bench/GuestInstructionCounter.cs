using Solo5Net.Hvt.Modules.Instructions;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// The guest instruction counter of one measured tender. With the tracepoint the tender runs as it is
/// and perf counts (<see cref="Executed"/> is null). Single-stepping, the tender starts with
/// --insn-count=FILE, FILE in a temporary directory of this counter's, which disposing removes; the
/// tender keeps its counts at the start of that file while the guest runs and leaves the final ones
/// there, so they can be read at any moment.
/// </summary>
public sealed class GuestInstructionCounter : IDisposable
{
    private readonly TemporaryDirectory? _directory;
    private readonly string? _file;

    private GuestInstructionCounter(InstructionCountMethod method)
    {
        Method = method;
        if (method != InstructionCountMethod.SingleStep) return;
        _directory = new TemporaryDirectory("hvt-bench-insn.");
        _file = Path.Combine(_directory.Path, "count");
    }

    public InstructionCountMethod Method { get; }

    /// <summary>What the measured tender needs on its command line, before the image.</summary>
    public IReadOnlyList<string> TenderOptions => _file == null ? [] : ["--insn-count=" + _file];

    public static GuestInstructionCounter For(InstructionCountMethod method) => new(method);

    /// <summary>The guest instructions executed so far (a rep-prefixed instruction once), or null where
    /// perf counts them.</summary>
    public ulong? Executed()
    {
        if (_file == null) return null;
        Span<byte> head = stackalloc byte[InstructionCountFile.Length];
        try
        {
            using var handle = File.OpenHandle(_file);
            if (RandomAccess.Read(handle, head, 0) < head.Length)
                throw new BenchException($"{_file}: shorter than {InstructionCountFile.Length} bytes (did the tender start?)");
            return InstructionCountFile.Read(head).Instructions;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new BenchException($"{_file}: no instruction count from the tender: {e.Message}");
        }
    }

    public void Dispose() => _directory?.Dispose();
}
