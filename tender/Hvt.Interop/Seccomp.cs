using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>One classic BPF instruction (struct sock_filter, 8 bytes) as seccomp reads it.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public readonly struct SockFilter(ushort code, byte jumpIfTrue, byte jumpIfFalse, uint k) : IEquatable<SockFilter>
{
    [FieldOffset(0)] public readonly ushort Code = code;
    [FieldOffset(2)] public readonly byte JumpIfTrue = jumpIfTrue;
    [FieldOffset(3)] public readonly byte JumpIfFalse = jumpIfFalse;
    [FieldOffset(4)] public readonly uint K = k;

    public bool Equals(SockFilter other) =>
        Code == other.Code && JumpIfTrue == other.JumpIfTrue && JumpIfFalse == other.JumpIfFalse && K == other.K;

    public override bool Equals(object? obj) => obj is SockFilter other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Code, JumpIfTrue, JumpIfFalse, K);

    public override string ToString() => $"{{ 0x{Code:x2}, {JumpIfTrue}, {JumpIfFalse}, 0x{K:x8} }}";
}

/// <summary>struct sock_fprog: the program length and a pointer to its instructions.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct SockFprog
{
    [FieldOffset(0)] public ushort Length;
    [FieldOffset(8)] public nint Filter;
}

/// <summary>
/// seccomp(2) in filter mode and the prctl it needs. A filter goes either on every thread of the
/// process at once (SECCOMP_FILTER_FLAG_TSYNC, because the .NET runtime has threads already) or on
/// the calling thread alone (and the threads it starts later). Refusals are logged by the kernel
/// (SECCOMP_FILTER_FLAG_LOG: an audit record naming the process and the call).
/// </summary>
public static unsafe partial class Seccomp
{
    public const int PR_SET_NO_NEW_PRIVS = 38, PR_GET_SECCOMP = 21;
    public const uint SECCOMP_SET_MODE_FILTER = 1, SECCOMP_FILTER_FLAG_TSYNC = 1, SECCOMP_FILTER_FLAG_LOG = 2;
    private const long SYS_seccomp = 317;

    /// <summary>The most instructions a filter may have (BPF_MAXINSNS).</summary>
    public const int MaxInstructions = 4096;

    [LibraryImport(Libc.Library, EntryPoint = "prctl", SetLastError = true)]
    private static partial int prctl_raw(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport(Libc.Library, EntryPoint = "syscall", SetLastError = true)]
    private static partial long seccomp_raw(long number, uint operation, uint flags, SockFprog* program);

    /// <summary>Sets no_new_privs (required to install a filter without CAP_SYS_ADMIN, and so that an
    /// exec, were it allowed, could not gain privileges).</summary>
    public static void SetNoNewPrivileges()
    {
        if (prctl_raw(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) throw Libc.Fail("prctl(PR_SET_NO_NEW_PRIVS)");
    }

    /// <summary>The calling thread's seccomp mode: 0 none, 2 filter (a thread in strict mode would be killed by this call).</summary>
    public static int Mode()
    {
        int mode = prctl_raw(PR_GET_SECCOMP, 0, 0, 0, 0);
        if (mode < 0) throw Libc.Fail("prctl(PR_GET_SECCOMP)");
        return mode;
    }

    /// <summary>Installs <paramref name="program"/> on all threads of the process. Filters only ever add
    /// restrictions; there is no way to remove one.</summary>
    public static void InstallOnAllThreads(SockFilter[] program)
    {
        long r = Install(program, SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG);
        // With TSYNC a positive result is the id of a thread that could not be synchronised.
        if (r > 0) throw new SystemCallException($"seccomp(SECCOMP_SET_MODE_FILTER, TSYNC): thread {r} not synchronised", Errno.ESRCH);
        if (r < 0) throw Libc.Fail("seccomp(SECCOMP_SET_MODE_FILTER)");
    }

    /// <summary>Installs <paramref name="program"/> on the calling thread, on top of the filters it
    /// already has (the kernel runs them all; the strictest answer wins).</summary>
    public static void InstallOnThisThread(SockFilter[] program)
    {
        if (Install(program, SECCOMP_FILTER_FLAG_LOG) < 0) throw Libc.Fail("seccomp(SECCOMP_SET_MODE_FILTER)");
    }

    private static long Install(SockFilter[] program, uint flags)
    {
        if (program.Length == 0 || program.Length > MaxInstructions)
            throw new ArgumentOutOfRangeException(nameof(program), $"a filter has 1..{MaxInstructions} instructions");
        fixed (SockFilter* instructions = program)
        {
            var fprog = new SockFprog { Length = (ushort)program.Length, Filter = (nint)instructions };
            return seccomp_raw(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
        }
    }
}
