namespace Solo5Net.Bench;

/// <summary>The one place that chooses the <see cref="InstructionCountMethod"/> and says what it implies
/// for a bench: how much work to count and how long a client waits for a reply.</summary>
public static class InstructionCounting
{
    private static InstructionCountMethod? s_method;

    /// <summary>The tracepoint where it counts every guest instruction (checked once per run with the
    /// spin guest, <see cref="GuestCounts.CountsEveryInstruction"/>), else single-stepping.</summary>
    public static InstructionCountMethod MethodFor(BenchOptions o) =>
        s_method ??= GuestCounts.CountsEveryInstruction(o) ? InstructionCountMethod.Tracepoint : InstructionCountMethod.SingleStep;

    /// <summary>The number of pings or echoes to count: all of <paramref name="amount"/> with the
    /// tracepoint, a quarter of it single-stepping, where every instruction is an exit.</summary>
    public static int Scaled(this InstructionCountMethod method, int amount) =>
        method == InstructionCountMethod.SingleStep ? Math.Max(1, amount / 4) : amount;

    /// <summary>How long a client waits for each reply of a guest being counted: a single-stepped guest
    /// answers a ping in tenths of a second, and one lost reply only costs the wait.</summary>
    public static TimeSpan ReplyWait(this InstructionCountMethod method) =>
        TimeSpan.FromSeconds(method == InstructionCountMethod.SingleStep ? 10 : 2);

    public static string Describe(this InstructionCountMethod method) => method switch
    {
        InstructionCountMethod.Tracepoint => "perf stat -e kvm:kvm_emulate_insn (this KVM emulates every guest instruction)",
        _ => "single-stepping (hvt-tender --insn-count; kvm:kvm_emulate_insn does not count here: this KVM runs guest code natively)",
    };
}
