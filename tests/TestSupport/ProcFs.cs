namespace Solo5Net.TestSupport;

/// <summary>A running process as /proc shows it: status fields, threads, open descriptors, mapped files.</summary>
public static class ProcFs
{
    /// <summary>The "Key:\tvalue" lines of /proc/PID/status (or of one thread's).</summary>
    public static Dictionary<string, string> Status(int pid, int? thread = null)
    {
        var path = thread == null ? $"/proc/{pid}/status" : $"/proc/{pid}/task/{thread}/status";
        return File.ReadAllLines(path).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
    }

    public static IReadOnlyList<int> Threads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d))).ToList();

    /// <summary>Each thread's name (/proc/PID/task/TID/comm), in thread-id order; a thread that ends
    /// meanwhile is left out.</summary>
    public static IReadOnlyList<string> ThreadNames(int pid)
    {
        var names = new List<string>();
        foreach (var tid in Threads(pid).Order())
        {
            try { names.Add(File.ReadAllText($"/proc/{pid}/task/{tid}/comm").TrimEnd('\n')); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return names;
    }

    /// <summary>The names of the files the process maps (/proc/PID/maps entries with a path), each once.</summary>
    public static IReadOnlyList<string> MappedFiles(int pid) =>
        File.ReadAllLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => Path.GetFileName(fields[5].Trim())).Distinct().ToList();

    /// <summary>Resident memory (VmRSS) in KiB.</summary>
    public static long ResidentKib(int pid) => long.Parse(Status(pid)["VmRSS"].Split(' ')[0]);

    public static int DescriptorCount(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    /// <summary>What each open descriptor refers to (the /proc/PID/fd links: a path, or e.g.
    /// "anon_inode:[eventfd]"), in descriptor order; one closed meanwhile is left out.</summary>
    public static IReadOnlyList<string> DescriptorTargets(int pid)
    {
        var targets = new List<string>();
        foreach (var fd in Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(p => int.Parse(Path.GetFileName(p))).Order())
        {
            try { targets.Add(new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? ""); }
            catch (IOException) { }
        }
        return targets;
    }
}
