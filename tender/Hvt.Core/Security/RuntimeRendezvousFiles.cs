using Solo5Net.Interop;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// CoreCLR (the runtime of a JIT build of the tender; the published NativeAOT tender has no such
/// files) makes two debugger FIFOs (clr-debug-pipe-PID-KEY-in/out) and a diagnostics
/// socket (dotnet-diagnostic-PID-KEY-socket) in the temporary directory at start-up and removes them
/// at exit. Under the seccomp filter it can neither remove them (unlink is refused) nor serve them
/// (accept and opens for writing are refused), so they are removed before the filter is installed:
/// otherwise every confined run would leave them behind.
/// </summary>
/// <remarks>KEY is the process start time (field 22 of /proc/PID/stat), so the names are computed
/// rather than searched for: enumerating a large /tmp costs milliseconds of boot time. It keeps to
/// plain loops and culture-free formatting for the same reason: under a JIT the first use of
/// interpolation, CultureInfo or Utf8Parser costs a boot tenths of a millisecond or more.</remarks>
public static class RuntimeRendezvousFiles
{
    /// <summary>The paths the runtime uses for <paramref name="processId"/>; empty if its start time cannot be read.</summary>
    public static IReadOnlyList<string> PathsOf(int processId, string temporaryDirectory)
    {
        if (StartTime(processId) is not { } key) return [];
        string stem = processId.ToString() + "-" + key.ToString();
        return
        [
            Path.Combine(temporaryDirectory, "clr-debug-pipe-" + stem + "-in"),
            Path.Combine(temporaryDirectory, "clr-debug-pipe-" + stem + "-out"),
            Path.Combine(temporaryDirectory, "dotnet-diagnostic-" + stem + "-socket"),
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
        // The tender's own system-call bindings, already warm; System.IO's first use is not.
        Span<byte> stat = stackalloc byte[1024];
        long read;
        using (var fd = Libc.TryOpen("/proc/" + processId.ToString() + "/stat", Libc.O_RDONLY, out _))
        {
            if (fd == null) return null;
            read = Libc.TryRead(fd.Number, stat);
        }
        if (read <= 0) return null;
        return ParseStartTime(stat[..(int)read]);
    }

    /// <summary>Field 22 of a /proc/PID/stat line, or null if the line is malformed.</summary>
    internal static ulong? ParseStartTime(ReadOnlySpan<byte> stat)
    {
        const int startTimeField = 22, firstFieldAfterName = 3, maxDigits = 19;
        int pos = stat.Length - 1;
        while (pos >= 0 && stat[pos] != (byte)')') pos--;   // the name may itself hold ')' and spaces
        if (pos < 0) return null;
        pos++;
        for (int field = firstFieldAfterName; ; field++)
        {
            while (pos < stat.Length && stat[pos] == (byte)' ') pos++;
            if (pos >= stat.Length) return null;
            if (field == startTimeField) break;
            while (pos < stat.Length && stat[pos] != (byte)' ') pos++;
        }
        ulong value = 0;
        int digits = 0;
        for (; pos < stat.Length && stat[pos] >= (byte)'0' && stat[pos] <= (byte)'9'; pos++, digits++)
            value = value * 10 + (ulong)(stat[pos] - (byte)'0');
        return digits is > 0 and <= maxDigits ? value : null;
    }
}
