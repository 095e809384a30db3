using Solo5Net.Interop;
using static Solo5Net.Hvt.Security.SeccompData;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// Turns a <see cref="SeccompPolicy"/> into a BPF program: check the architecture, refuse x32
/// numbers, then one comparison per listed call jumping to its treatment; unlisted calls are allowed.
/// </summary>
public static class SeccompFilterCompiler
{
    public static SockFilter[] Compile(SeccompPolicy policy)
    {
        var b = new BpfProgramBuilder();
        var allow = b.NewLabel();
        var refuse = b.NewLabel();
        var unavailable = b.NewLabel();
        var kill = b.NewLabel();

        b.LoadWord(Architecture);
        b.JumpIfEqual(AuditArchX86_64, null, kill);
        b.LoadWord(Number);
        b.JumpIfGreaterOrEqual(X32SyscallBit, refuse);

        var bodies = new List<RuleBody>();
        foreach (var rule in policy.Rules)
        {
            if (rule.Treatment == SyscallTreatment.NoExecutableMemory && policy.AllowExecutableMemory) continue;
            var target = rule.Treatment switch
            {
                SyscallTreatment.Refused => refuse,
                SyscallTreatment.Unavailable => unavailable,
                _ => b.NewLabel(),
            };
            if (target != refuse && target != unavailable) bodies.Add(new RuleBody(rule, target));
            b.JumpIfEqual((uint)rule.Number, target);
        }
        b.Return(ReturnAllow);

        foreach (var body in bodies)
        {
            b.Mark(body.Label);
            EmitArgumentCheck(b, policy, body.Rule, allow, refuse);
        }

        b.Mark(allow);
        b.Return(ReturnAllow);
        b.Mark(refuse);
        b.Return(ReturnErrno(SeccompPolicy.RefusedErrno));
        b.Mark(unavailable);
        b.Return(ReturnErrno(SeccompPolicy.UnavailableErrno));
        b.Mark(kill);
        b.Return(ReturnKillProcess);
        return b.Build();
    }

    private sealed record RuleBody(SyscallRule Rule, BpfProgramBuilder.Label Label);

    // The checked arguments are C int / unsigned int (flags, pid, ioctl request): the kernel uses
    // only their low 32 bits, so that is all the filter compares.
    private static void EmitArgumentCheck(BpfProgramBuilder b, SeccompPolicy policy, SyscallRule rule,
        BpfProgramBuilder.Label allow, BpfProgramBuilder.Label refuse)
    {
        b.LoadWord(ArgumentLow(rule.Argument));
        switch (rule.Treatment)
        {
            case SyscallTreatment.ThreadsOnly:
                b.JumpIfAnySet(SeccompPolicy.CloneThread, allow, refuse);
                break;
            case SyscallTreatment.ReadOnlyOpen when policy.AllowNewFiles:
                b.JumpIfAnySet(SeccompPolicy.OpenWriteFlags, null, allow);
                b.And(SeccompPolicy.OpenCreateExclusive);
                b.JumpIfEqual(SeccompPolicy.OpenCreateExclusive, allow, refuse);
                break;
            case SyscallTreatment.ReadOnlyOpen:
                b.JumpIfAnySet(SeccompPolicy.OpenWriteFlags, refuse, allow);
                break;
            case SyscallTreatment.OwnProcessOnly:
                b.JumpIfEqual((uint)policy.ProcessId, allow, refuse);
                break;
            case SyscallTreatment.OwnProcessOrSelf:
                b.JumpIfEqual(0, allow);
                b.JumpIfEqual((uint)policy.ProcessId, allow, refuse);
                break;
            case SyscallTreatment.NoTerminalInjection:
                b.JumpIfEqual(SeccompPolicy.Tiocsti, refuse);
                b.JumpIfEqual(SeccompPolicy.Tioclinux, refuse, allow);
                break;
            case SyscallTreatment.NoExecutableMemory:
                b.JumpIfAnySet(SeccompPolicy.ProtExec, refuse, allow);
                break;
            default:
                throw new InvalidOperationException($"{rule.Name}: {rule.Treatment} has no argument check");
        }
    }
}
