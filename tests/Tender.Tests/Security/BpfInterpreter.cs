using System.Buffers.Binary;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>
/// Runs a seccomp BPF program on one system call the way the kernel does (for the instructions
/// the builder emits), so the tests can judge the filter without installing it.
/// </summary>
public static class BpfInterpreter
{
    public static uint Run(IReadOnlyList<SockFilter> program, uint number, ulong[]? args = null, uint arch = SeccompData.AuditArchX86_64)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(data, number);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        for (int i = 0; i < (args?.Length ?? 0); i++)
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16 + 8 * i), args![i]);

        uint a = 0;
        for (int pc = 0; pc < program.Count; pc++)
        {
            var insn = program[pc];
            switch (insn.Code)
            {
                case BpfProgramBuilder.LoadWordAbsolute: a = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)insn.K)); break;
                case BpfProgramBuilder.AndConstant: a &= insn.K; break;
                case BpfProgramBuilder.JumpEqual: pc += a == insn.K ? insn.JumpIfTrue : insn.JumpIfFalse; break;
                case BpfProgramBuilder.JumpGreaterOrEqual: pc += a >= insn.K ? insn.JumpIfTrue : insn.JumpIfFalse; break;
                case BpfProgramBuilder.JumpAnyBitSet: pc += (a & insn.K) != 0 ? insn.JumpIfTrue : insn.JumpIfFalse; break;
                case BpfProgramBuilder.ReturnConstant: return insn.K;
                default: throw new InvalidOperationException($"instruction {pc}: unknown opcode 0x{insn.Code:x}");
            }
        }
        throw new InvalidOperationException("the program ran off its end");
    }
}
