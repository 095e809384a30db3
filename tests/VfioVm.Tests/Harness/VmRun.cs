namespace Solo5Net.Tests.VfioVm.Harness;

/// <summary>What one run of a command inside the VFIO test VM produced.</summary>
/// <param name="ExitCode">The command's exit status; 124 when the VM timed out, 125 when the harness
/// itself failed (see tests/vfio-vm/run-in-vm.sh).</param>
/// <param name="Stdout">The command's standard output.</param>
/// <param name="Stderr">The command's standard error, then the harness's own "run-in-vm:" lines.</param>
/// <param name="Console">The VM's serial console: the init's "vfio-vm:" trace and kernel messages.</param>
public sealed record VmRun(int ExitCode, string Stdout, string Stderr, string Console, TimeSpan Elapsed)
{
    public IReadOnlyList<string> StdoutLines =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() =>
        $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}\n--- VM console\n{Console}";
}
