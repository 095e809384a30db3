namespace Solo5Net.Bench;

/// <summary>hypercall: round trip of a WALLTIME hypercall, (time with N calls − time with none) / N.</summary>
public static class HypercallBench
{
    public static void Run(BenchOptions o, Report report)
    {
        var tender = BootBench.Tender(o);
        var floor = BootBench.Floor(o);
        tender.Warm();
        floor.Warm();
        var runs = Math.Max(3, o.Runs / 3);
        var (call, callFloor) = Subject.PerUnitMicroseconds(tender, floor, runs, o.Calls);
        report.Columns("hvt-tender", "kvm_floor (C)");
        report.Row($"hypercall round trip (WALLTIME, {o.Calls} calls, {runs} runs)", call, callFloor, "µs");
        report.Note($"Goal: within 1.1× of the C floor: {(call / callFloor <= 1.1 ? "met" : "not met")} ({call / callFloor:F2}×).");
    }
}
