using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Solo5Net.SeccompProbe;

// seccomp-probe --read-filter PID
// Prints the seccomp filter process PID runs under, one "code jt jf k" line (hex) an instruction.
// A separate process does the ptrace read: a test host that traced its own child tender would race
// .NET's child-process reaping for the tracee's stop notifications.
//
// seccomp-probe DIR [--allow-new-files | --unconfined]
// DIR holds a file "existing"; the probe opens DIR/preopened for writing before the filter goes on.
// Prints one "name: result" line per probe (result: OK or an errno name), exit 0. --unconfined
// installs no filter and skips the probes that would really run a program or a process: the
// tests use it to show that every other probe gives a different answer without the filter.
if (args is ["--read-filter", var pidText])
{
    if (!int.TryParse(pidText, out int pid) || pid <= 0)
    {
        Console.Error.WriteLine($"seccomp-probe: not a process id: '{pidText}'");
        return 2;
    }
    try
    {
        foreach (var f in SeccompFilterReader.Read(pid))
            Console.Out.WriteLine($"{f.Code:x4} {f.JumpIfTrue:x2} {f.JumpIfFalse:x2} {f.K:x8}");
        return 0;
    }
    catch (SystemCallException e)
    {
        Console.Error.WriteLine($"seccomp-probe: {e.Message}");
        return 1;
    }
}

string[] modes = ["--allow-new-files", "--unconfined"];
if (args.Length is < 1 or > 2 || (args.Length == 2 && !modes.Contains(args[1])))
{
    Console.Error.WriteLine("usage: seccomp-probe DIR [--allow-new-files | --unconfined]");
    return 2;
}
var dir = args[0];
bool confined = args.Length == 1 || args[1] != "--unconfined";
var preopened = new FileStream(Path.Combine(dir, "preopened"), FileMode.CreateNew, FileAccess.Write);

if (confined)
{
    var policy = SeccompPolicy.ForThisProcess(allowNewFiles: args.Length == 2);
    Console.Out.WriteLine($"instructions: {TenderConfinement.Apply(policy)}");
}
Console.Out.WriteLine($"seccomp-mode: {Seccomp.Mode()}");

foreach (var (name, result) in new Probes(dir, preopened, confined).RunAll())
    Console.Out.WriteLine($"{name}: {result}");
Console.Out.Flush();
return 0;
