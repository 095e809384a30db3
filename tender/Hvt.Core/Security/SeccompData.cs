namespace Solo5Net.Hvt.Security;

/// <summary>Offsets of the 32-bit words of struct seccomp_data (nr, arch, instruction_pointer, args[6]) on little-endian x86_64.</summary>
public static class SeccompData
{
    public const uint Number = 0;
    public const uint Architecture = 4;

    /// <summary>The low 32 bits of syscall argument <paramref name="index"/> (0..5).</summary>
    public static uint ArgumentLow(int index) =>
        index is >= 0 and < 6 ? 16 + 8 * (uint)index : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>AUDIT_ARCH_X86_64: EM_X86_64 (62) | 64-bit | little-endian.</summary>
    public const uint AuditArchX86_64 = 62 | 0x80000000 | 0x40000000;

    /// <summary>Set in the number of every x32-ABI system call; those run with the same arch value.</summary>
    public const uint X32SyscallBit = 0x40000000;

    public const uint ReturnKillProcess = 0x80000000;
    public const uint ReturnAllow = 0x7fff0000;
    private const uint ReturnErrnoBase = 0x00050000;

    public static uint ReturnErrno(int errno) => ReturnErrnoBase | ((uint)errno & 0xffff);
}
