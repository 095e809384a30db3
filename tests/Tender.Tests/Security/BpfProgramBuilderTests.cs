using System.Runtime.InteropServices;
using FluentAssertions;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

public class BpfProgramBuilderTests
{
    [Fact]
    public void Sock_filter_is_8_bytes_code_jt_jf_k()
    {
        Marshal.SizeOf<SockFilter>().Should().Be(8);
        Marshal.OffsetOf<SockFilter>(nameof(SockFilter.Code)).Should().Be(0);
        Marshal.OffsetOf<SockFilter>(nameof(SockFilter.JumpIfTrue)).Should().Be(2);
        Marshal.OffsetOf<SockFilter>(nameof(SockFilter.JumpIfFalse)).Should().Be(3);
        Marshal.OffsetOf<SockFilter>(nameof(SockFilter.K)).Should().Be(4);
    }

    [Fact]
    public void An_architecture_check_encodes_to_the_kernels_bytes()
    {
        var b = new BpfProgramBuilder();
        var kill = b.NewLabel();
        b.LoadWord(SeccompData.Architecture);
        b.JumpIfEqual(SeccompData.AuditArchX86_64, null, kill);
        b.Return(SeccompData.ReturnAllow);
        b.Mark(kill);
        b.Return(SeccompData.ReturnKillProcess);

        var bytes = MemoryMarshal.AsBytes(b.Build().AsSpan()).ToArray();

        Convert.ToHexString(bytes).Should().Be(
            "2000000004000000" +   // ld  [4]                      (BPF_LD|BPF_W|BPF_ABS, k = offsetof arch)
            "150000013E0000C0" +   // jeq #0xc000003e, +0, +1      (AUDIT_ARCH_X86_64)
            "060000000000FF7F" +   // ret #SECCOMP_RET_ALLOW
            "0600000000000080");   // ret #SECCOMP_RET_KILL_PROCESS
    }

    [Fact]
    public void Errno_returns_carry_the_errno_in_the_low_16_bits()
    {
        SeccompData.ReturnErrno(1).Should().Be(0x00050001u);
        SeccompData.ReturnErrno(38).Should().Be(0x00050026u);
    }

    [Fact]
    public void Seccomp_data_words_are_at_the_kernels_offsets()
    {
        SeccompData.Number.Should().Be(0u);
        SeccompData.Architecture.Should().Be(4u);
        SeccompData.ArgumentLow(0).Should().Be(16u);
        SeccompData.ArgumentLow(5).Should().Be(56u);
        FluentActions.Invoking(() => SeccompData.ArgumentLow(6)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_jump_further_than_255_instructions_is_refused()
    {
        var b = new BpfProgramBuilder();
        var far = b.NewLabel();
        b.JumpIfEqual(0, far);
        for (int i = 0; i < 256; i++) b.LoadWord(0);
        b.Mark(far);
        b.Return(SeccompData.ReturnAllow);
        FluentActions.Invoking(() => b.Build()).Should().Throw<InvalidOperationException>().WithMessage("*more than 255*");
    }

    [Fact]
    public void A_jump_to_an_unmarked_label_or_a_program_without_a_final_return_is_refused()
    {
        var b = new BpfProgramBuilder();
        b.JumpIfEqual(0, b.NewLabel());
        b.Return(SeccompData.ReturnAllow);
        FluentActions.Invoking(() => b.Build()).Should().Throw<InvalidOperationException>().WithMessage("*never marked*");

        var c = new BpfProgramBuilder();
        c.LoadWord(0);
        FluentActions.Invoking(() => c.Build()).Should().Throw<InvalidOperationException>().WithMessage("*end with a return*");
    }

    [Fact]
    public void A_label_marked_twice_is_refused()
    {
        var b = new BpfProgramBuilder();
        var label = b.NewLabel();
        b.Mark(label);
        FluentActions.Invoking(() => b.Mark(label)).Should().Throw<InvalidOperationException>();
    }
}
