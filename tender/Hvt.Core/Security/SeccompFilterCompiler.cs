using Solo5Net.Interop;
using static Solo5Net.Hvt.Security.SeccompData;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// Turns a <see cref="SeccompPolicy"/> into the BPF program for some thread roles: check the
/// architecture, refuse x32 numbers, then one comparison per allowed call jumping to its argument
/// check (or straight to allow); any other call is refused.
/// </summary>
public static class SeccompFilterCompiler
{
    /// <summary>The filter for threads with any of <paramref name="roles"/>; <see cref="ThreadRoles.All"/>
    /// is the one the whole process gets, a single role the one a thread narrows itself to.</summary>
    public static SockFilter[] Compile(SeccompPolicy policy, ThreadRoles roles = ThreadRoles.All)
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
        foreach (var rule in policy.RulesFor(roles))
        {
            var target = rule.Check switch
            {
                ArgumentCheck.None => allow,
                ArgumentCheck.NoExecutableMemory when policy.AllowExecutableMemory => allow,
                ArgumentCheck.Unavailable => unavailable,
                _ => b.NewLabel(),
            };
            if (target != allow && target != unavailable) bodies.Add(new RuleBody(rule, target));
            b.JumpIfEqual((uint)rule.Number, target);
        }
        b.Return(ReturnErrno(SeccompPolicy.RefusedErrno));

        foreach (var body in bodies)
        {
            b.Mark(body.Label);
            EmitArgumentCheck(b, policy, roles, body.Rule, allow, refuse);
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

    // The checked arguments are C int / unsigned int (flags, pid, command, ioctl request): the
    // kernel uses only their low 32 bits, so that is all the filter compares.
    private static void EmitArgumentCheck(BpfProgramBuilder b, SeccompPolicy policy, ThreadRoles roles, SyscallRule rule,
        BpfProgramBuilder.Label allow, BpfProgramBuilder.Label refuse)
    {
        b.LoadWord(ArgumentLow(rule.Argument));
        switch (rule.Check)
        {
            case ArgumentCheck.ThreadsOnly:
                b.JumpIfAnySet(SeccompPolicy.CloneThread, allow, refuse);
                break;
            case ArgumentCheck.ReadOnlyOpen:
                b.JumpIfAnySet(SeccompPolicy.OpenWriteFlags, refuse, allow);
                break;
            case ArgumentCheck.OwnProcessOnly:
                b.JumpIfEqual((uint)policy.ProcessId, allow, refuse);
                break;
            case ArgumentCheck.OwnProcessOrSelf:
                b.JumpIfEqual(0, allow);
                b.JumpIfEqual((uint)policy.ProcessId, allow, refuse);
                break;
            case ArgumentCheck.ListedRequests:
                EmitOneOf(b, SeccompPolicy.IoctlsFor(roles).Select(r => r.Request), allow);
                break;
            case ArgumentCheck.OneOf:
                EmitOneOf(b, rule.Values ?? [], allow);
                break;
            case ArgumentCheck.NoExecutableMemory:
                b.JumpIfAnySet(SeccompPolicy.ProtExec, refuse, allow);
                break;
            default:
                throw new InvalidOperationException($"{rule.Name}: {rule.Check} has no argument check");
        }
    }

    private static void EmitOneOf(BpfProgramBuilder b, IEnumerable<uint> values, BpfProgramBuilder.Label allow)
    {
        foreach (var value in values) b.JumpIfEqual(value, allow);
        b.Return(ReturnErrno(SeccompPolicy.RefusedErrno));
    }
}
