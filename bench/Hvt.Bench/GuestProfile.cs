using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// hvt-bench profile [--tender PATH] [--top N] [--pings N] [--tcp-bytes N] [--device MODEL] -- [TENDER OPTIONS] IMAGE [ARGS]: runs the
/// guest under the tender and counts how often each guest instruction address executed, by the
/// run's <see cref="InstructionCountMethod"/>: perf recording kvm:kvm_emulate_insn (which carries the
/// address), or the tender single-stepping the guest (--insn-profile=FILE); every address is attributed
/// to the image's function symbol (nm) and the functions that executed most instructions are printed,
/// each with the count of its first instruction (its entries).
/// An exact instruction profile of a whole run, boot included, with no change to the guest. With
/// --pings N the guest runs in hvt-bench's private network (its tap tap0, the host 10.0.0.1/24, the
/// guest expected at 10.0.0.2), is pinged once it answers, N times, and then stopped with SIGINT. With
/// --tcp-bytes N it runs there too and, after the pings if any, echoes N bytes over one TCP connection
/// (hvt-bench echo-client tcp: every byte compared) before it is stopped. With --device MODEL ("e1000"
/// or "virtio-net") hvt-devemu serves that device on the tap and the tender attaches it as net0 (as in
/// hvt-bench packet), instead of the guest taking the tap through NET_BASIC.
/// </summary>
public static class GuestProfile
{
    public const string Command = "profile";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromMinutes(2);

    public static int Run(string[] args)
    {
        var options = BenchOptions.Parse([])!;
        string tender = options.Tender;
        int top = 25, pings = 0, tcpBytes = 0, i = 0;
        string? device = null;
        for (; i < args.Length && args[i] != "--"; i += 2)
        {
            if (i + 1 >= args.Length) return Usage();
            bool isNumber = int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;
            if (args[i] == "--tender") tender = Path.GetFullPath(args[i + 1]);
            else if (args[i] == "--top" && isNumber) top = n;
            else if (args[i] == "--pings" && isNumber) pings = n;
            else if (args[i] == "--tcp-bytes" && isNumber) tcpBytes = n;
            else if (args[i] == "--device" && args[i + 1] is "e1000" or "virtio-net") device = args[i + 1];
            else return Usage();
        }
        var run = args.Skip(i + 1).ToArray();
        var image = run.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (i >= args.Length || image == null) return Usage();
        try
        {
            var symbols = Symbols(image);
            var method = InstructionCounting.MethodFor(options);
            var load = new NetworkLoad(pings, tcpBytes, device, options.DevEmu, image);
            using var scratch = new TemporaryDirectory("hvt-bench-profile.");
            var counts = method == InstructionCountMethod.Tracepoint
                ? RecordTracepoint(tender, run, load, scratch.Path)
                : RecordSingleStep(tender, run, load, scratch.Path);
            if (counts.Count == 0) throw new BenchException("no guest instruction was recorded");
            Console.WriteLine($"Counted by {method.Describe()}.");
            Print(counts, symbols, top);
            return 0;
        }
        catch (Exception e) when (e is BenchException or HarnessException)
        {
            Console.Error.WriteLine("hvt-bench profile: " + e.Message);
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: hvt-bench profile [--tender PATH] [--top N] [--pings N] [--tcp-bytes N] [--device e1000|virtio-net] -- [TENDER OPTIONS] IMAGE [ARGS]");
        return 2;
    }

    /// <summary>Function and object symbols of the image, by address.</summary>
    private static (ulong Address, string Name)[] Symbols(string image)
    {
        if (!File.Exists(image)) throw new BenchException($"{image}: no such file");
        var output = RunToEnd("nm", ["-n", "--defined-only", image]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 3))
            .Where(p => p.Length == 3 && ulong.TryParse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
            .Select(p => (ulong.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), p[2]))
            .OrderBy(s => s.Item1).ToArray();
    }

    /// <summary>Guest instruction addresses and how often each executed, from perf's record of kvm:kvm_emulate_insn.</summary>
    private static Dictionary<ulong, long> RecordTracepoint(string tender, string[] run, NetworkLoad load, string scratch)
    {
        var data = Path.Combine(scratch, "perf.data");
        Execute("perf", ["record", "-q", "-e", "kvm:kvm_emulate_insn", "-o", data, "--", tender, .. run], load);
        var counts = new Dictionary<ulong, long>();
        // perf script lines end with "kvm:kvm_emulate_insn: CS_BASE:RIP:BYTES (MODE)".
        foreach (var line in RunToEnd("perf", ["script", "-i", data]).Split('\n'))
        {
            int at = line.IndexOf("kvm_emulate_insn: ", StringComparison.Ordinal);
            if (at < 0) continue;
            var fields = line[(at + 18)..].Split(':');
            if (fields.Length > 1 && ulong.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rip))
                counts[rip] = counts.GetValueOrDefault(rip) + 1;
        }
        return counts;
    }

    /// <summary>Guest instruction addresses and how often each executed, from the tender's --insn-profile
    /// file: a line "0xADDRESS COUNT" per address.</summary>
    private static Dictionary<ulong, long> RecordSingleStep(string tender, string[] run, NetworkLoad load, string scratch)
    {
        var profile = Path.Combine(scratch, "profile");
        Execute(tender, ["--insn-profile=" + profile, .. run], load);
        if (!File.Exists(profile)) throw new BenchException($"{tender} wrote no --insn-profile file (does it have the option?)");
        var counts = new Dictionary<ulong, long>();
        foreach (var line in File.ReadLines(profile))
        {
            var fields = line.Split(' ');
            if (fields.Length != 2 || !fields[0].StartsWith("0x", StringComparison.Ordinal)
                || !ulong.TryParse(fields[0].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rip)
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new BenchException($"{profile}: not \"0xADDRESS COUNT\": {line}");
            counts[rip] = n;
        }
        return counts;
    }

    /// <summary>Runs the program to its end (its exit status does not matter: a guest may fail), or with
    /// pings and a TCP echo in a private network as the class describes.</summary>
    private static void Execute(string file, string[] args, NetworkLoad load)
    {
        if (load.Pings == 0 && load.TcpBytes == 0 && load.DevEmuModel == null)
        {
            RunToEnd(file, args, requireSuccess: false);
            return;
        }
        using var net = BenchNetwork.Create();
        using var devemu = load.DevEmuModel == null ? null
            : DevEmuServer.Start(load.DevEmuModel, ["--tap", BenchNetwork.Tap, "--mac", "02:00:00:00:00:02"], net, executable: load.DevEmu);
        if (devemu != null)
        {
            // The tender's device options go before the image (perf's own arguments come before the tender's).
            var at = Array.IndexOf(args, load.Image);
            args = [.. args[..at], "--pci-dev:net0=vfio-user:" + devemu.SocketPath, "--pci-dma:net0=16M", .. args[at..]];
        }
        using var guest = BackgroundProcess.Start(Path.GetFileName(file), file, args, net);
        WaitForAnswer(net, guest);
        if (load.Pings > 0)
            EchoClient.RunIn(net, Limit, "ping", EchoRig.GuestAddress, load.Pings, InstructionCountMethod.SingleStep.ReplyWait());
        if (load.TcpBytes > 0) EchoClient.RunIn(net, Limit, "tcp", EchoRig.GuestAddress, load.TcpBytes);
        guest.SignalAndWait(BackgroundProcess.Sigint, Limit);
    }

    /// <summary>What the guest is given to do while profiled: pings, then a TCP echo of so many bytes (0: none);
    /// over hvt-devemu's <paramref name="DevEmuModel"/> (the executable <paramref name="DevEmu"/>) attached to
    /// the guest <paramref name="Image"/> when not null.</summary>
    private sealed record NetworkLoad(int Pings, int TcpBytes, string? DevEmuModel, string DevEmu, string Image);

    private static void WaitForAnswer(NetNamespace net, BackgroundProcess guest)
    {
        var until = DateTime.UtcNow + AnswerLimit;
        while (true)
        {
            if (guest.HasExited) throw new BenchException($"the guest ended before it answered a ping:\n{guest.Describe()}");
            try
            {
                EchoClient.RunIn(net, Limit, "ping", EchoRig.GuestAddress, 1, TimeSpan.FromSeconds(2));
                return;
            }
            catch (HarnessException) when (DateTime.UtcNow < until)
            {
                // Not up yet.
            }
        }
    }

    /// <summary>Prints the functions that executed most, each with how often its first instruction
    /// executed ("entries": its calls, for a function whose loops do not go back to its start).</summary>
    private static void Print(Dictionary<ulong, long> counts, (ulong Address, string Name)[] symbols, int top)
    {
        var addresses = symbols.Select(s => s.Address).ToArray();
        var byFunction = new Dictionary<string, long>();
        var entries = new Dictionary<string, long>();
        foreach (var (rip, n) in counts)
        {
            int k = Array.BinarySearch(addresses, rip);
            bool atStart = k >= 0;
            if (k < 0) k = ~k - 1;
            var name = k >= 0 ? symbols[k].Name : "(below the first symbol)";
            byFunction[name] = byFunction.GetValueOrDefault(name) + n;
            if (atStart) entries[name] = entries.GetValueOrDefault(name) + n;
        }
        long total = counts.Values.Sum();
        Console.WriteLine($"{total} guest instructions executed, {counts.Count} distinct addresses\n");
        Console.WriteLine("| instructions | share | entries | function |\n|---|---|---|---|");
        foreach (var (name, n) in byFunction.OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine(FormattableString.Invariant($"| {n} | {n * 100.0 / total:F1} % | {entries.GetValueOrDefault(name)} | {name} |"));
    }

    private static string RunToEnd(string file, IEnumerable<string> args, bool requireSuccess = true)
    {
        var r = ProcessRunner.Run(file, args, Limit);
        if (r.TimedOut) throw new BenchException($"{file} did not finish within {Limit.TotalMinutes} min");
        if (requireSuccess && r.ExitCode != 0) throw new BenchException($"{file} exited {r.ExitCode}: {r.Stderr.Trim()}");
        return r.Stdout;
    }
}
