using System.Runtime.CompilerServices;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// The seccomp confinement after set-up (docs/security.md): once the VM, its memory and every
/// device are ready, the whole process (all threads) gets the filter of <see cref="SeccompPolicy"/>
/// for all roles; each thread the tender starts afterwards narrows itself to its role
/// (<see cref="EnterRole"/>). Neither can be undone; everything the tender does afterwards must be
/// allowed by the policy.
/// </summary>
public sealed class TenderConfinement
{
    private readonly Dictionary<ThreadRoles, SockFilter[]> _roleFilters;

    private TenderConfinement(SeccompPolicy policy, int instructions)
    {
        Policy = policy;
        Instructions = instructions;
        // Compiled now, while every call is still allowed: a thread entering its role installs a ready program.
        _roleFilters = new()
        {
            [ThreadRoles.Main] = SeccompFilterCompiler.Compile(policy, ThreadRoles.Main),
            [ThreadRoles.Vcpu] = SeccompFilterCompiler.Compile(policy, ThreadRoles.Vcpu),
            [ThreadRoles.RingIo] = SeccompFilterCompiler.Compile(policy, ThreadRoles.RingIo),
        };
    }

    public SeccompPolicy Policy { get; }

    /// <summary>BPF instructions of the process-wide filter.</summary>
    public int Instructions { get; }

    /// <summary>Installs the filter for all roles of <paramref name="policy"/> on every thread.</summary>
    public static TenderConfinement Apply(SeccompPolicy policy)
    {
        var program = SeccompFilterCompiler.Compile(policy);
        var confinement = new TenderConfinement(policy, program.Length);
        // Only CoreCLR (a JIT build, as `dotnet build` makes) creates them; the published NativeAOT
        // tender, where this is false, has none.
        if (RuntimeFeature.IsDynamicCodeSupported) RuntimeRendezvousFiles.Remove(policy.ProcessId);
        Seccomp.SetNoNewPrivileges();
        Seccomp.InstallOnAllThreads(program);
        return confinement;
    }

    /// <summary>Narrows the calling thread (and threads it starts later) to <paramref name="role"/>.</summary>
    public void EnterRole(ThreadRoles role)
    {
        if (!_roleFilters.TryGetValue(role, out var program))
            throw new ArgumentOutOfRangeException(nameof(role), $"{role} is not a single thread role");
        Seccomp.InstallOnThisThread(program);
    }
}
