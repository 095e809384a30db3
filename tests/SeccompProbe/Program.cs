using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Solo5Net.SeccompProbe;

// seccomp-probe --read-filter TID [INDEX]
// Prints seccomp filter INDEX (default 0, the first installed: the kernel counts from the oldest) of thread TID, one
// "code jt jf k" line (hex) an instruction.
// A separate process does the ptrace read: a test host that traced its own child tender would race
// .NET's child-process reaping for the tracee's stop notifications.
//
// seccomp-probe DIR [--unconfined]
// DIR holds a file "existing"; the probe opens DIR/preopened for writing before the filter goes on.
// Prints one "name: result" line per probe (result: OK or an errno name), exit 0. --unconfined
// installs no filter and skips the probes that would really run a program or a process: the
// tests use it to show that every other probe gives a different answer without the filter.
// Probes named "ROLE-role-…" run on a thread narrowed to that thread role (docs/security.md).
if (args is ["--read-filter", var pidText, ..] && args.Length <= 3)
{
    if (!int.TryParse(pidText, out int pid) || pid <= 0)
    {
        Console.Error.WriteLine($"seccomp-probe: not a thread id: '{pidText}'");
        return 2;
    }
    int index = 0;
    if (args.Length == 3 && (!int.TryParse(args[2], out index) || index < 0))
    {
        Console.Error.WriteLine($"seccomp-probe: not a filter index: '{args[2]}'");
        return 2;
    }
    try
    {
        foreach (var f in SeccompFilterReader.Read(pid, index))
            Console.Out.WriteLine($"{f.Code:x4} {f.JumpIfTrue:x2} {f.JumpIfFalse:x2} {f.K:x8}");
        return 0;
    }
    catch (SystemCallException e)
    {
        Console.Error.WriteLine($"seccomp-probe: {e.Message}");
        return 1;
    }
}

if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "--unconfined"))
{
    Console.Error.WriteLine("usage: seccomp-probe DIR [--unconfined]");
    return 2;
}
var dir = args[0];
bool confined = args.Length == 1;
var preopened = new FileStream(Path.Combine(dir, "preopened"), FileMode.CreateNew, FileAccess.Write);

TenderConfinement? confinement = null;
if (confined)
{
    // Written before the filter goes on: the console's first write sets up the terminal (ioctl,
    // pipe2), which the tender, writing raw to its descriptors, never does.
    var policy = SeccompPolicy.ForThisProcess();
    Console.Out.WriteLine($"instructions: {SeccompFilterCompiler.Compile(policy).Length}");
    Console.Out.Flush();
    confinement = TenderConfinement.Apply(policy);
}
Console.Out.WriteLine($"seccomp-mode: {Seccomp.Mode()}");

foreach (var (name, result) in new Probes(dir, preopened, confinement).RunAll())
    Console.Out.WriteLine($"{name}: {result}");
Console.Out.Flush();
return 0;
