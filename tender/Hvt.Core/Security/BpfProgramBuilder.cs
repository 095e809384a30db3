using Solo5Net.Interop;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// Builds a classic BPF program for seccomp in safe code: loads of 32-bit words of struct
/// seccomp_data, a mask, conditional jumps to labels, returns. Jumps only go forward (BPF has no
/// backward jumps) and at most 255 instructions far; <see cref="Build"/> checks both.
/// </summary>
public sealed class BpfProgramBuilder
{
    // Opcodes of classic BPF (linux/bpf_common.h): class | size | mode | op | source.
    public const ushort LoadWordAbsolute = 0x00 | 0x00 | 0x20;   // BPF_LD | BPF_W | BPF_ABS
    public const ushort AndConstant = 0x04 | 0x50 | 0x00;        // BPF_ALU | BPF_AND | BPF_K
    public const ushort JumpEqual = 0x05 | 0x10 | 0x00;          // BPF_JMP | BPF_JEQ | BPF_K
    public const ushort JumpGreaterOrEqual = 0x05 | 0x30 | 0x00; // BPF_JMP | BPF_JGE | BPF_K
    public const ushort JumpAnyBitSet = 0x05 | 0x40 | 0x00;      // BPF_JMP | BPF_JSET | BPF_K
    public const ushort ReturnConstant = 0x06 | 0x00;            // BPF_RET | BPF_K

    /// <summary>A jump target, placed with <see cref="Mark"/>.</summary>
    public sealed class Label
    {
        internal int Position = -1;
    }

    private sealed record Pending(ushort Code, uint K, Label? IfTrue, Label? IfFalse);

    private readonly List<Pending> _instructions = [];

    public int Count => _instructions.Count;

    public Label NewLabel() => new();

    /// <summary>The next instruction is the target of <paramref name="label"/>.</summary>
    public void Mark(Label label)
    {
        if (label.Position >= 0) throw new InvalidOperationException("label marked twice");
        label.Position = _instructions.Count;
    }

    /// <summary>A = the 32-bit word at <paramref name="offset"/> of seccomp_data (see <see cref="SeccompData"/>).</summary>
    public void LoadWord(uint offset) => _instructions.Add(new(LoadWordAbsolute, offset, null, null));

    public void And(uint mask) => _instructions.Add(new(AndConstant, mask, null, null));

    /// <summary>Jumps to <paramref name="ifTrue"/> when A == k, else to <paramref name="ifFalse"/>; null means the next instruction.</summary>
    public void JumpIfEqual(uint k, Label? ifTrue, Label? ifFalse = null) => _instructions.Add(new(JumpEqual, k, ifTrue, ifFalse));

    public void JumpIfGreaterOrEqual(uint k, Label? ifTrue, Label? ifFalse = null) => _instructions.Add(new(JumpGreaterOrEqual, k, ifTrue, ifFalse));

    /// <summary>Jumps to <paramref name="ifTrue"/> when A &amp; k is not zero.</summary>
    public void JumpIfAnySet(uint k, Label? ifTrue, Label? ifFalse = null) => _instructions.Add(new(JumpAnyBitSet, k, ifTrue, ifFalse));

    public void Return(uint action) => _instructions.Add(new(ReturnConstant, action, null, null));

    public SockFilter[] Build()
    {
        if (_instructions.Count == 0 || _instructions.Count > Seccomp.MaxInstructions)
            throw new InvalidOperationException($"a BPF program has 1..{Seccomp.MaxInstructions} instructions, not {_instructions.Count}");
        if (_instructions[^1].Code != ReturnConstant)
            throw new InvalidOperationException("a BPF program must end with a return");
        var program = new SockFilter[_instructions.Count];
        for (int i = 0; i < program.Length; i++)
        {
            var p = _instructions[i];
            program[i] = new SockFilter(p.Code, Offset(i, p.IfTrue), Offset(i, p.IfFalse), p.K);
        }
        return program;
    }

    private static byte Offset(int from, Label? target)
    {
        if (target == null) return 0;
        if (target.Position < 0) throw new InvalidOperationException($"instruction {from} jumps to a label that was never marked");
        int distance = target.Position - (from + 1);
        if (distance < 0) throw new InvalidOperationException($"instruction {from} jumps backwards");
        if (distance > byte.MaxValue) throw new InvalidOperationException($"instruction {from} jumps {distance} instructions, more than 255");
        return (byte)distance;
    }
}
