using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// The echo (RFC 862, port 7) client hvt-bench runs inside its private namespace
/// (ip netns exec NS hvt-bench echo-client …), printing one line of results:
///   udp HOST COUNT   → "udp lost=L us=X,Y,…" (the round trip of each 64-byte datagram, sent one at
///                      a time, each reply checked; 5 unrecorded warm-up echoes first for ARP)
///   tcp HOST BYTES   → "tcp bytes=N ms=X" (connect, send BYTES while reading, half-close, read to
///                      the server's FIN, compare every byte)
///   soak HOST COUNT  → "soak connections=N failed=F ms=X" (COUNT connections one after another, each
///                      a TCP echo of 1 KiB as above; a connection that fails or differs is counted)
/// </summary>
public static class EchoClient
{
    public const string Command = "echo-client";
    private const int Port = 7;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runs hvt-bench echo-client in <paramref name="ns"/> against <paramref name="host"/>;
    /// returns its key=value results.</summary>
    public static Dictionary<string, string> RunIn(NetNamespace ns, TimeSpan limit, string mode, string host, int amount)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "hvt-bench");
        var line = ns.Exec(limit, self, Command, mode, host, amount.ToString(CultureInfo.InvariantCulture)).Stdout;
        return line.Trim().Split(' ').Skip(1).Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }

    /// <summary>The round trips (µs) and the lost count of a "udp" result.</summary>
    public static (List<double> Microseconds, int Lost) UdpSamples(Dictionary<string, string> fields) =>
        (fields["us"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList(),
         int.Parse(fields["lost"], CultureInfo.InvariantCulture));

    /// <summary>The connections made and failed, and the time (ms), of a "soak" result.</summary>
    public static (int Connections, int Failed, double Milliseconds) SoakResult(Dictionary<string, string> fields) =>
        (int.Parse(fields["connections"], CultureInfo.InvariantCulture), int.Parse(fields["failed"], CultureInfo.InvariantCulture),
         double.Parse(fields["ms"], CultureInfo.InvariantCulture));

    /// <summary>The time (ms) of a "tcp" result.</summary>
    public static double TcpMilliseconds(Dictionary<string, string> fields) => double.Parse(fields["ms"], CultureInfo.InvariantCulture);

    public static int Run(string[] args)
    {
        try
        {
            if (args.Length == 3 && IPAddress.TryParse(args[1], out var host) &&
                int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                if (args[0] == "udp") { Udp(host, n); return 0; }
                if (args[0] == "tcp") { Tcp(host, n); return 0; }
                if (args[0] == "soak") { Soak(host, n); return 0; }
            }
            Console.Error.WriteLine("usage: hvt-bench echo-client udp|tcp|soak HOST COUNT|BYTES|CONNECTIONS");
            return 2;
        }
        catch (Exception e) when (e is SocketException or IOException or BenchException)
        {
            Console.Error.WriteLine("echo-client: " + e.Message);
            return 1;
        }
    }

    private static void Udp(IPAddress host, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(host, Port);
        socket.ReceiveTimeout = (int)ReplyTimeout.TotalMilliseconds;
        var message = new byte[64];
        var reply = new byte[2048];
        var samples = new List<double>(count);
        int lost = 0;
        for (int i = -5; i < count; i++)
        {
            BitConverter.TryWriteBytes(message, i);
            var clock = Stopwatch.StartNew();
            socket.Send(message);
            if (!ReceiveMatching(socket, message, reply)) { lost++; continue; }
            if (i >= 0) samples.Add(clock.Elapsed.TotalMicroseconds);
        }
        if (lost * 10 > count) throw new BenchException($"udp: {lost} of {count} echoes lost");
        Console.WriteLine(FormattableString.Invariant($"udp lost={lost} us={string.Join(',', samples.Select(s => s.ToString("F0")))}"));
    }

    /// <summary>Waits for the reply to this message; stale replies to earlier (timed-out) ones are skipped.</summary>
    private static bool ReceiveMatching(Socket socket, byte[] message, byte[] reply)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < ReplyTimeout)
        {
            int got;
            try { got = socket.Receive(reply); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut) { return false; }
            if (reply.AsSpan(0, got).SequenceEqual(message)) return true;
        }
        return false;
    }

    private const int SoakBytes = 1024;

    private static void Soak(IPAddress host, int connections)
    {
        var data = Pattern(SoakBytes);
        var clock = Stopwatch.StartNew();
        int failed = 0;
        for (int i = 0; i < connections; i++)
        {
            try { Echo(host, data, TimeSpan.FromSeconds(10)); }
            catch (Exception e) when (e is SocketException or IOException or BenchException or AggregateException) { failed++; }
        }
        Console.WriteLine(FormattableString.Invariant($"soak connections={connections} failed={failed} ms={clock.Elapsed.TotalMilliseconds:F0}"));
    }

    private static void Tcp(IPAddress host, int bytes)
    {
        var data = Pattern(bytes);
        var clock = Stopwatch.StartNew();
        Echo(host, data, TimeSpan.FromSeconds(60));
        clock.Stop();
        Console.WriteLine(FormattableString.Invariant($"tcp bytes={bytes} ms={clock.Elapsed.TotalMilliseconds:F0}"));
    }

    private static byte[] Pattern(int bytes)
    {
        var data = new byte[bytes];
        new Random(862).NextBytes(data);
        return data;
    }

    /// <summary>One connection: sends <paramref name="data"/> while reading the echo, half-closes,
    /// reads to the server's FIN and compares every byte.</summary>
    private static void Echo(IPAddress host, byte[] data, TimeSpan timeout)
    {
        int bytes = data.Length;
        var received = new byte[bytes];
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(host, Port);
        socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        socket.SendTimeout = (int)timeout.TotalMilliseconds;
        var sender = Task.Run(() =>
        {
            for (int sent = 0; sent < bytes;) sent += socket.Send(data, sent, Math.Min(16384, bytes - sent), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        });
        var chunk = new byte[65536];
        int total = 0;
        for (int got; (got = socket.Receive(chunk)) > 0; total += got)
        {
            if (total + got > bytes) throw new BenchException($"tcp: more than {bytes} bytes came back");
            chunk.AsSpan(0, got).CopyTo(received.AsSpan(total));
        }
        sender.Wait();
        if (total != bytes || !received.AsSpan().SequenceEqual(data))
            throw new BenchException($"tcp: {total} of {bytes} bytes came back or they differ");
    }
}
