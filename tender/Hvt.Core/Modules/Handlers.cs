namespace Solo5Net.Hvt;

/// <summary>Handles one hypercall; <paramref name="argumentGpa"/> is the guest's argument pointer (check it through GuestMemory).</summary>
public delegate void HypercallHandler(ulong argumentGpa);

/// <summary>
/// Handles a trapped MMIO access at <paramref name="offset"/> from the start of the registered range.
/// For a read, fill <paramref name="data"/>; for a write, <paramref name="data"/> holds the value (1–8 bytes).
/// </summary>
public delegate void MmioHandler(ulong offset, Span<byte> data, bool isWrite);

/// <summary>Handles one trapped port access at <paramref name="offset"/> from the first registered port (1, 2 or 4 bytes).</summary>
public delegate void PioHandler(ushort offset, Span<byte> data, bool isWrite);

/// <summary>Runs when the guest halts, or the tender exits on SIGINT/SIGTERM (Signal set) or on an error (ExitStatus 1).</summary>
public delegate void HaltHook(HaltContext halt);

/// <summary>Why the guest stopped: HALT's exit status and cookie GPA (0 = none), or a signal.</summary>
public sealed record HaltContext(int ExitStatus, ulong CookieGpa, int? Signal);
