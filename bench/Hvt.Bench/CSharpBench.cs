namespace Solo5Net.Bench;

/// <summary>csharp: the C# hello guest (tests/guests-cs/hello) against the assembly guest
/// tests/guests/minimal.S, which prints the same test_hello text: image sizes and boot-to-exit
/// medians, both under hvt-tender, runs interleaved.</summary>
public static class CSharpBench
{
    public static void Run(BenchOptions o, Report report)
    {
        var hello = o.CSharpHello;
        var minimal = o.Guest("minimal");
        if (!File.Exists(hello))
            throw new BenchException($"{hello} not found: build it with dotnet build tests/guests-cs/hello -c Release (or pass --hello PATH)");
        long helloSize = new FileInfo(hello).Length, minimalSize = new FileInfo(minimal).Length;
        report.Columns("C# hello.hvt", "assembly minimal.hvt");
        report.Row("image size (file)", $"{helloSize / 1024.0:F1} KiB", $"{minimalSize / 1024.0:F1} KiB", $"{(double)helloSize / minimalSize:F2}");

        var asm = new Subject("hvt-tender minimal.hvt", o.Tender, _ => [minimal, "Hello_Solo5"]);
        var verdicts = new List<string>();
        using var counter = GuestInstructionCounter.For(InstructionCounting.MethodFor(o));
        foreach (var (label, args) in new (string, string[])[] {
                     ("boot-to-exit, hello (bindings' banner)", [hello, "Hello_Solo5"]),
                     ("boot-to-exit, hello --solo5:quiet", [hello, "--solo5:quiet", "Hello_Solo5"]) })
        {
            var cs = new Subject("hvt-tender hello.hvt", o.Tender, _ => args);
            cs.Warm();
            asm.Warm();
            var (csTime, asmTime) = Subject.InterleavedMedians(cs, asm, o.Runs, 0);
            report.Row($"{label} ({o.Runs} runs, median)", csTime, asmTime, "ms");
            verdicts.Add($"{label[14..]}: {(csTime / asmTime <= 1.2 ? "met" : "not met")} ({csTime / asmTime:F2}×)");
            var csCounts = GuestCounts.WholeRun(o.Tender, args, counter);
            var asmCounts = GuestCounts.WholeRun(o.Tender, [minimal, "Hello_Solo5"], counter);
            report.Row("  guest instructions, boot to exit", $"{csCounts.Instructions:F0}", $"{asmCounts.Instructions:F0}", $"{csCounts.Instructions / asmCounts.Instructions:F0}");
            report.Row("  VM exits to the tender, boot to exit", $"{csCounts.Exits:F0}", $"{asmCounts.Exits:F0}", $"{csCounts.Exits / asmCounts.Exits:F1}");
        }
        report.Note($"Guest instructions: {counter.Method.Describe()}.");
        report.Note($"Goals: image < 64 KB: {(helloSize < 64 * 1024 ? "met" : "not met")} ({helloSize} bytes); " +
                    $"boot-to-exit within 1.2× of the assembly guest: {string.Join("; ", verdicts)}.");
    }
}
