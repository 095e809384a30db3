using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>What one guest instruction costs on this machine's KVM (guest code is emulated, about
/// 1 µs each): the spin guest's two-instruction loop run N times under the floor,
/// (fastest time with N − fastest time with 0) / 2N. The fastest of several runs, not the median:
/// it is the run least stretched by other processes on a shared machine.</summary>
public static class InstructionRate
{
    private const long Iterations = 200_000;

    public static double MicrosecondsPerInstruction(BenchOptions o, int runs)
    {
        var floor = new Subject("kvm_floor spin", o.Floor,
            n => [BootBench.MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("spin"), n.ToString(CultureInfo.InvariantCulture)]);
        floor.Warm();
        double zero = double.MaxValue, full = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            zero = Math.Min(zero, floor.TimeOnce(0));
            full = Math.Min(full, floor.TimeOnce(Iterations));
        }
        return (full - zero) * 1000 / (2 * Iterations);
    }
}
