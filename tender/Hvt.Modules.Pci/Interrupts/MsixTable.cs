using System.Buffers.Binary;

namespace Solo5Net.Hvt.Modules.Pci.Interrupts;

/// <summary>
/// The MSI-X table and pending-bit array the tender emulates for one device (docs/abi.md §7):
/// <see cref="Vectors"/> entries of 16 bytes (address low, address high, data, vector control),
/// the function's enable and function-mask bits, and a pending bit per vector. Address and data are
/// stored and read back but have no effect: vector v is table entry v. A vector fires at the
/// guest only while MSI-X is enabled and neither the function nor the vector is masked; a vector
/// that fires while masked sets its pending bit, and unmasking it releases the interrupt. Any
/// access, however garbled, only changes this state (out-of-range reads see zeros, writes are dropped).
/// </summary>
public sealed class MsixTable
{
    public const int EntrySize = 16;
    private const int ControlOffset = 12;
    private const uint VectorMasked = 1;

    private readonly byte[] _entries;
    private readonly ulong[] _pending;

    public MsixTable(int vectors)
    {
        if (vectors is < 1 or > 2048) throw new ArgumentOutOfRangeException(nameof(vectors));
        Vectors = vectors;
        _entries = new byte[vectors * EntrySize];
        _pending = new ulong[(vectors + 63) / 64];
        Reset();
    }

    public int Vectors { get; }
    public bool Enabled { get; private set; }
    public bool FunctionMasked { get; private set; }

    /// <summary>Bytes of the pending-bit array the tender serves (whole 64-bit words).</summary>
    public int PbaLength => _pending.Length * 8;

    public bool IsMasked(int vector) => (Control(vector) & VectorMasked) != 0;

    public bool IsPending(int vector) => (_pending[vector / 64] & (1UL << (vector % 64))) != 0;

    /// <summary>Power-on state: disabled, every vector masked, nothing pending.</summary>
    public void Reset()
    {
        Array.Clear(_entries);
        Array.Clear(_pending);
        for (var v = 0; v < Vectors; v++) SetControl(v, VectorMasked);
        Enabled = false;
        FunctionMasked = false;
    }

    /// <summary>The device signalled <paramref name="vector"/>: true if it goes to the guest now;
    /// false if it is held pending (masked) or dropped (MSI-X off, or no such vector).</summary>
    public bool Fire(int vector)
    {
        if (vector < 0 || vector >= Vectors || !Enabled) return false;
        if (FunctionMasked || IsMasked(vector))
        {
            _pending[vector / 64] |= 1UL << (vector % 64);
            return false;
        }
        return true;
    }

    /// <summary>The guest wrote the enable and function-mask bits of Message Control. Vectors whose
    /// pending interrupt this unmasks are added to <paramref name="released"/>; disabling the function
    /// drops what was pending.</summary>
    public void SetFunctionControl(bool enable, bool functionMask, List<int> released)
    {
        Enabled = enable;
        FunctionMasked = functionMask;
        if (!enable) Array.Clear(_pending);
        else Release(0, Vectors, released);
    }

    public void ReadTable(ulong offset, Span<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var at = offset + (ulong)i;
            data[i] = at < (ulong)_entries.Length ? _entries[at] : (byte)0;
        }
    }

    /// <summary>Writes table bytes; only bit 0 of vector control is writable. Vectors this unmasks
    /// with an interrupt pending are added to <paramref name="released"/>.</summary>
    public void WriteTable(ulong offset, ReadOnlySpan<byte> data, List<int> released)
    {
        if (offset >= (ulong)_entries.Length) return;
        var length = (int)Math.Min((ulong)data.Length, (ulong)_entries.Length - offset);
        data[..length].CopyTo(_entries.AsSpan((int)offset));
        var first = (int)(offset / EntrySize);
        var last = (int)((offset + (ulong)length - 1) / EntrySize);
        for (var v = first; v <= last; v++) SetControl(v, Control(v) & VectorMasked);
        Release(first, last + 1, released);
    }

    public void ReadPba(ulong offset, Span<byte> data)
    {
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < data.Length; i++)
        {
            var at = offset + (ulong)i;
            if (at >= (ulong)PbaLength) { data[i] = 0; continue; }
            BinaryPrimitives.WriteUInt64LittleEndian(word, _pending[at / 8]);
            data[i] = word[(int)(at % 8)];
        }
    }

    private void Release(int from, int to, List<int> released)
    {
        if (!Enabled || FunctionMasked) return;
        for (var v = from; v < to; v++)
        {
            if (!IsPending(v) || IsMasked(v)) continue;
            _pending[v / 64] &= ~(1UL << (v % 64));
            released.Add(v);
        }
    }

    private uint Control(int vector) => BinaryPrimitives.ReadUInt32LittleEndian(_entries.AsSpan(vector * EntrySize + ControlOffset));

    private void SetControl(int vector, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_entries.AsSpan(vector * EntrySize + ControlOffset), value);
}
