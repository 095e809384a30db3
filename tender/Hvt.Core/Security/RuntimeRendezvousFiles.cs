using Solo5Net.Interop;
using System.Globalization;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// The .NET runtime makes two debugger FIFOs (clr-debug-pipe-PID-KEY-in/out) and a diagnostics
/// socket (dotnet-diagnostic-PID-KEY-socket) in the temporary directory at start-up and removes them
/// at exit. Under the seccomp filter it can neither remove them (unlink is refused) nor serve them
/// (accept and opens for writing are refused), so they are removed before the filter is installed:
/// otherwise every confined run would leave them behind.
/// </summary>
/// <remarks>KEY is the process start time (field 22 of /proc/PID/stat), so the names are computed
/// rather than searched for: enumerating a large /tmp costs milliseconds of boot time.</remarks>
public static class RuntimeRendezvousFiles
{
    /// <summary>The paths the runtime uses for <paramref name="processId"/>; empty if its start time cannot be read.</summary>
    public static IReadOnlyList<string> PathsOf(int processId, string temporaryDirectory)
    {
        if (StartTime(processId) is not { } key) return [];
        string stem = $"{processId}-{key.ToString(CultureInfo.InvariantCulture)}";
        return
        [
            Path.Combine(temporaryDirectory, $"clr-debug-pipe-{stem}-in"),
            Path.Combine(temporaryDirectory, $"clr-debug-pipe-{stem}-out"),
            Path.Combine(temporaryDirectory, $"dotnet-diagnostic-{stem}-socket"),
        ];
    }

    /// <summary>Removes this process's rendezvous files; a file that is absent or cannot be removed is left (nothing else depends on it).</summary>
    public static void Remove(int processId)
    {
        foreach (var path in PathsOf(processId, Path.GetTempPath()))
            Libc.TryUnlink(path);
    }

    /// <summary>Field 22 (starttime) of /proc/PID/stat; the fields after the parenthesised command name start at field 3.</summary>
    internal static ulong? StartTime(int processId)
    {
        // Read with the tender's own system-call bindings: on the boot path they are warm, while
        // the first use of System.IO's file reading costs milliseconds (docs/benchmarks.md).
        Span<byte> stat = stackalloc byte[1024];
        int fd = Libc.TryOpen($"/proc/{processId}/stat", Libc.O_RDONLY);
        if (fd < 0) return null;
        long length = Libc.TryRead(fd, stat);
        Libc.CloseQuietly(fd);
        if (length <= 0) return null;
        var text = stat[..(int)length];
        int afterName = text.LastIndexOf((byte)')');
        if (afterName < 0) return null;
        const int startTimeField = 22, firstFieldAfterName = 3;
        int start = afterName + 1;
        while (start < text.Length && text[start] == (byte)' ') start++;
        var rest = text[start..];
        for (int field = firstFieldAfterName; field < startTimeField; field++)
        {
            int space = rest.IndexOf((byte)' ');
            if (space < 0) return null;
            rest = rest[(space + 1)..];
        }
        int end = rest.IndexOfAny((byte)' ', (byte)'\n');
        return System.Buffers.Text.Utf8Parser.TryParse(end < 0 ? rest : rest[..end], out ulong value, out int consumed) && consumed > 0
            ? value : null;
    }
}
