using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// The echo (RFC 862, port 7) client hvt-bench runs inside its private namespace
/// (ip netns exec NS hvt-bench echo-client …), printing one line of results:
///   udp HOST COUNT [WAIT_MS] → "udp lost=L us=X,Y,…" (the round trip of each 64-byte datagram, sent
///                      one at a time, each reply checked and waited for WAIT_MS, default 2000; 5
///                      unrecorded warm-up echoes first for ARP)
///   ping HOST COUNT [WAIT_MS] → "ping lost=L us=X,Y,…" (the same with ICMP echo requests of 56 bytes)
///   tcp HOST BYTES [WARM_UP_BYTES] → "tcp bytes=N ms=X" (connect, send BYTES while reading,
///                      half-close, read to the server's FIN, compare every byte; with WARM_UP_BYTES one
///                      untimed echo of that many bytes first, so that X is the echo's and not the
///                      JIT compiling the client's code, which took a tenth of a second and more in
///                      the test VM)
///   soak HOST COUNT  → "soak connections=N failed=F ms=X" (COUNT connections one after another, each
///                      a TCP echo of 1 KiB as above; a connection that fails or differs is counted)
/// </summary>
public static class EchoClient
{
    public const string Command = "echo-client";
    private const int Port = 7;
    private const int WarmUps = 5;
    private static readonly TimeSpan DefaultReplyWait = TimeSpan.FromSeconds(2);

    /// <summary>The requests a "udp" or "ping" run sends for <paramref name="count"/> recorded round trips.</summary>
    public static int RequestsFor(int count) => count + WarmUps;

    /// <summary>Runs hvt-bench echo-client in <paramref name="ns"/> against <paramref name="host"/>;
    /// returns its key=value results.</summary>
    public static Dictionary<string, string> RunIn(NetNamespace ns, TimeSpan limit, string mode, string host, int amount, TimeSpan? replyWait = null)
    {
        string[] wait = replyWait is { } w ? [((int)w.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)] : [];
        return Exec(ns, limit, [mode, host, amount.ToString(CultureInfo.InvariantCulture), .. wait]);
    }

    /// <summary>A timed "tcp" echo of <paramref name="bytes"/> after an untimed one of <paramref name="warmUpBytes"/>.</summary>
    public static Dictionary<string, string> RunWarmTcpIn(NetNamespace ns, TimeSpan limit, string host, int bytes, int warmUpBytes) =>
        Exec(ns, limit, ["tcp", host, bytes.ToString(CultureInfo.InvariantCulture), warmUpBytes.ToString(CultureInfo.InvariantCulture)]);

    private static Dictionary<string, string> Exec(NetNamespace ns, TimeSpan limit, string[] args)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "hvt-bench");
        var line = ns.Exec(limit, self, [Command, .. args]).Stdout;
        return line.Trim().Split(' ').Skip(1).Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }

    /// <summary>The round trips (µs) and the lost count of a "udp" or "ping" result.</summary>
    public static (List<double> Microseconds, int Lost) RoundTrips(Dictionary<string, string> fields) =>
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
            if (args.Length is 3 or 4 && IPAddress.TryParse(args[1], out var host) && Positive(args[2]) is int n)
            {
                var wait = DefaultReplyWait;
                if (args.Length == 4 && args[0] is "udp" or "ping")
                {
                    if (Positive(args[3]) is not int ms) return Usage();
                    wait = TimeSpan.FromMilliseconds(ms);
                }
                if (args[0] == "udp") { Udp(host, n, wait); return 0; }
                if (args[0] == "ping") { Ping(host, n, wait); return 0; }
                if (args.Length == 3 && args[0] == "tcp") { Tcp(host, n, warmUpBytes: 0); return 0; }
                if (args.Length == 4 && args[0] == "tcp" && Positive(args[3]) is int warmUp) { Tcp(host, n, warmUp); return 0; }
                if (args.Length == 3 && args[0] == "soak") { Soak(host, n); return 0; }
            }
            return Usage();
        }
        catch (Exception e) when (e is SocketException or IOException or BenchException or PingException)
        {
            Console.Error.WriteLine("echo-client: " + e.Message);
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: hvt-bench echo-client udp|ping HOST COUNT [WAIT_MS] | tcp HOST BYTES [WARM_UP_BYTES] | soak HOST CONNECTIONS");
        return 2;
    }

    private static int? Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>One request at a time, <see cref="WarmUps"/> unrecorded first; prints the lost count and
    /// each round trip. <paramref name="exchange"/> sends request number i (the warm-ups negative) and
    /// tells whether its reply came in time.</summary>
    private static void RoundTrips(string mode, int count, Func<int, bool> exchange)
    {
        var samples = new List<double>(count);
        int lost = 0;
        for (int i = -WarmUps; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            if (!exchange(i)) { lost++; continue; }
            if (i >= 0) samples.Add(clock.Elapsed.TotalMicroseconds);
        }
        if (lost * 10 > count) throw new BenchException($"{mode}: {lost} of {count} echoes lost");
        Console.WriteLine(FormattableString.Invariant($"{mode} lost={lost} us={string.Join(',', samples.Select(s => s.ToString("F0")))}"));
    }

    private static void Udp(IPAddress host, int count, TimeSpan wait)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(host, Port);
        socket.ReceiveTimeout = (int)wait.TotalMilliseconds;
        var message = new byte[64];
        var reply = new byte[2048];
        RoundTrips("udp", count, i =>
        {
            BitConverter.TryWriteBytes(message, i);
            socket.Send(message);
            return ReceiveMatching(socket, message, reply, wait);
        });
    }

    private static void Ping(IPAddress host, int count, TimeSpan wait)
    {
        using var ping = new Ping();
        var payload = new byte[56];
        RoundTrips("ping", count, i =>
        {
            BitConverter.TryWriteBytes(payload, i);
            return ping.Send(host, (int)wait.TotalMilliseconds, payload).Status == IPStatus.Success;
        });
    }

    /// <summary>Waits for the reply to this message; stale replies to earlier (timed-out) ones are skipped.</summary>
    private static bool ReceiveMatching(Socket socket, byte[] message, byte[] reply, TimeSpan wait)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < wait)
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

    private static void Tcp(IPAddress host, int bytes, int warmUpBytes)
    {
        if (warmUpBytes > 0) Echo(host, Pattern(warmUpBytes), TimeSpan.FromSeconds(60));
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
