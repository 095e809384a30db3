using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// Measures hvt-tender against a reference measured in the same run (the C floor
/// bench/floor/kvm_floor.c, an assembly guest, or the other network path) and prints one Markdown
/// table per subject, each with its ratio and the load average while it ran.
/// </summary>
public static class BenchProgram
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == EchoClient.Command) return EchoClient.Run(args[1..]);
        if (args.Length > 0 && args[0] == GuestProfile.Command) return GuestProfile.Run(args[1..]);
        var options = BenchOptions.Parse(args);
        if (options == null)
        {
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.Subjects.Except(BenchOptions.HostOnlySubjects).Any() && (Environment.UserName != "root" || !File.Exists("/dev/kvm")))
        {
            Console.Error.WriteLine("hvt-bench: must run as root on a machine with /dev/kvm (KVM, network namespaces)");
            return 1;
        }
        // Background programs and namespaces are undone even when hvt-bench is interrupted.
        Console.CancelKeyPress += (_, _) => LiveHarnesses.DisposeAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => LiveHarnesses.DisposeAll();
        Console.WriteLine($"hvt-bench {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\ntender: {options.Tender}\nfloor: {options.Floor}\n");
        try
        {
            foreach (var subject in options.Subjects)
            {
                var report = new Report(subject);
                switch (subject)
                {
                    case "boot": BootBench.Run(options, report); break;
                    case "hypercall": HypercallBench.Run(options, report); break;
                    case "instructions": InstructionsBench.Run(options, report); break;
                    case "block": BlockBench.Run(options, report); break;
                    case "net": NetBench.Run(options, report); break;
                    case "csharp": CSharpBench.Run(options, report); break;
                    case "echo": EchoBench.Run(options, report); break;
                    case "packet": PacketBench.Run(options, report); break;
                    case "demo": DemoBench.Run(options, report); break;
                    case "demo-stepped": SteppedDemoBench.Run(options, report); break;
                    case "shared": SharedNicBench.Run(options, report); break;
                    case "interrupt": InterruptBench.Run(options, report); break;
                    case "memory": MemoryBench.Run(options, report); break;
                    case "manifest": ManifestBench.Run(options, report); break;
                }
                report.Print();
            }
            return 0;
        }
        catch (Exception e) when (e is BenchException or HarnessException)
        {
            Console.Error.WriteLine("hvt-bench: " + e.Message);
            return 1;
        }
        finally
        {
            LiveHarnesses.DisposeAll();
        }
    }
}
