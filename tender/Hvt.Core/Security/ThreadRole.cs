namespace Solo5Net.Hvt.Security;

/// <summary>
/// The threads the seccomp policy tells apart (docs/security.md). The whole process gets the union
/// of all roles when the tender is confined; each thread the tender starts itself then narrows
/// itself to its role with a second filter of its own, which the kernel applies on top of the first.
/// </summary>
[Flags]
public enum ThreadRoles
{
    /// <summary>The main thread and every thread of the runtime (finalizer, signal handling, the
    /// thread that runs a SIGINT/SIGTERM handler): waiting for the guest, the halt hooks, exit.</summary>
    Main = 1,

    /// <summary>The vCPU thread: KVM_RUN, every hypercall, trapped PCI accesses, the debugger.</summary>
    Vcpu = 2,

    /// <summary>The net ring thread (docs/hvt-abi.md §5.3): guest memory, taps and its kick eventfd.</summary>
    RingIo = 4,

    All = Main | Vcpu | RingIo,
}
