namespace Solo5Net.TestSupport;

/// <summary>
/// The harnesses alive in this process (background processes, device servers, network namespaces),
/// each listed from its start to its disposal, so that a program interrupted mid-run can still undo
/// them: hvt-bench calls <see cref="DisposeAll"/> on Ctrl-C, SIGTERM and at exit.
/// </summary>
public static class LiveHarnesses
{
    private static readonly List<IDisposable> Items = [];

    internal static void Add(IDisposable harness) { lock (Items) Items.Add(harness); }

    internal static void Remove(IDisposable harness) { lock (Items) Items.Remove(harness); }

    /// <summary>Disposes every live harness, newest first; one that fails does not stop the others.</summary>
    public static void DisposeAll()
    {
        IDisposable[] items;
        lock (Items) { items = [.. Items]; Items.Clear(); }
        for (int i = items.Length - 1; i >= 0; i--)
        {
            try { items[i].Dispose(); }
            catch (Exception e) when (e is HarnessException or InvalidOperationException or IOException) { }
        }
    }
}
