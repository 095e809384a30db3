using System.Runtime.CompilerServices;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// The privilege drop after set-up (docs/security.md): once the VM, its memory and every device
/// are ready, the whole process (all threads) gets the seccomp filter of <see cref="SeccompPolicy"/>.
/// It cannot be undone; everything the tender does afterwards must be allowed by the policy.
/// </summary>
public static class TenderConfinement
{
    /// <summary>Installs the filter for <paramref name="policy"/>; returns the number of BPF instructions.</summary>
    public static int Apply(SeccompPolicy policy)
    {
        var program = SeccompFilterCompiler.Compile(policy);
        // Only CoreCLR (a JIT build, as `dotnet build` makes) creates them; the published NativeAOT
        // tender, where this is false, has none.
        if (RuntimeFeature.IsDynamicCodeSupported) RuntimeRendezvousFiles.Remove(policy.ProcessId);
        Seccomp.SetNoNewPrivileges();
        Seccomp.InstallOnAllThreads(program);
        return program.Length;
    }
}
