namespace Solo5Net.Bench;

/// <summary>
/// How hvt-bench counts guest instructions on this machine, decided once per run (<see
/// cref="InstructionCounting.MethodFor"/>):
/// <see cref="Tracepoint"/>, perf counting kvm:kvm_emulate_insn, where a software KVM emulates every
/// guest instruction (each one fires it once, so the count is exact and costs the guest nothing);
/// <see cref="SingleStep"/> everywhere else (hardware or nested KVM, which run guest code natively): the
/// measured tender single-steps its guest (hvt-tender --insn-count / --insn-profile), which counts
/// exactly too but stops the guest after every instruction, tens of µs each on nested KVM.
/// </summary>
public enum InstructionCountMethod
{
    Tracepoint,
    SingleStep,
}
