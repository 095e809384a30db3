using System.Net;
using System.Net.Sockets;

namespace Solo5Net.TestSupport;

/// <summary>
/// The real gdb in batch mode against a tender started with --gdb (docs/gdb.md): connects to
/// 127.0.0.1:PORT, runs the commands in order, and exits when they are done.
/// </summary>
public static class GdbBatch
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice).</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs gdb on <paramref name="image"/>, connected to the tender on <paramref name="port"/>.</summary>
    public static ProcessResult Run(int port, string image, IEnumerable<string> commands, TimeSpan timeout)
    {
        TestEnvironment.RequireTool("gdb");
        string[] setup = ["set pagination off", "set confirm off", "set width 0", $"target remote localhost:{port}"];
        var args = new List<string> { "-batch", "-nx" };
        foreach (var command in setup.Concat(commands)) args.AddRange(["-ex", command]);
        args.Add(image);
        return ProcessRunner.Run("gdb", args, timeout);
    }

    /// <summary>
    /// Checks that <paramref name="output"/> holds each of <paramref name="expected"/> after the
    /// previous one; returns the index of the first that is missing, or -1.
    /// </summary>
    public static int FirstMissingInOrder(string output, IEnumerable<string> expected)
    {
        int position = 0, index = 0;
        foreach (var text in expected)
        {
            int found = output.IndexOf(text, position, StringComparison.Ordinal);
            if (found < 0) return index;
            position = found + text.Length;
            index++;
        }
        return -1;
    }
}
