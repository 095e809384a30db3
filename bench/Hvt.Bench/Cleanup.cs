namespace Solo5Net.Bench;

/// <summary>What hvt-bench must undo even when interrupted (Ctrl-C, SIGTERM): background programs
/// and network namespaces register here while they exist, and are disposed newest first.</summary>
public static class Cleanup
{
    private static readonly List<IDisposable> Pending = [];

    public static void Register(IDisposable item) { lock (Pending) Pending.Add(item); }

    public static void Unregister(IDisposable item) { lock (Pending) Pending.Remove(item); }

    public static void RunAll()
    {
        IDisposable[] items;
        lock (Pending) { items = [.. Pending]; Pending.Clear(); }
        for (int i = items.Length - 1; i >= 0; i--)
        {
            try { items[i].Dispose(); }
            catch (BenchException) { }
            catch (InvalidOperationException) { }
        }
    }
}
