namespace Solo5Net.Hvt;

/// <summary>
/// Implemented by a module that can also run without a KERNEL operand (for example a device probe).
/// When the command line has no KERNEL, each such module is asked in order; the first to return an
/// exit code ends the process with it.
/// </summary>
public interface IKernelFreeCommand
{
    /// <summary>Returns an exit code if <paramref name="options"/> are this module's kernel-free command, else null.</summary>
    int? TryRunWithoutKernel(IReadOnlyList<string> options, bool verbose);
}
