using Solo5Net.Abi;

namespace Solo5Net.Hvt;

/// <summary>
/// Hypercall handlers by number. Ports 0x500–0x508 are always hypercall ports (an unregistered
/// number there is "Invalid guest hypercall"); higher numbers become hypercall ports once registered.
/// HALT is dispatched by the run loop before this table is consulted.
/// </summary>
public sealed class HypercallTable
{
    private readonly HypercallHandler?[] _handlers = new HypercallHandler?[HvtHypercall.Limit];

    public void Register(int number, HypercallHandler handler)
    {
        if (number is <= 0 or >= HvtHypercall.Limit || number == HvtHypercall.Halt)
            throw new ArgumentOutOfRangeException(nameof(number), $"hypercall number {number} cannot be registered");
        if (_handlers[number] != null)
            throw new InvalidOperationException($"hypercall {number} is already registered");
        _handlers[number] = handler;
    }

    public bool IsRegistered(int number) => number is >= 0 and < HvtHypercall.Limit && _handlers[number] != null;

    /// <summary>True if a 4-byte OUT to <paramref name="port"/> is a hypercall.</summary>
    public bool IsHypercallPort(ushort port)
    {
        int number = port - HvtHypercall.PioBase;
        return number is >= 0 and < HvtHypercall.Solo5Max || IsRegistered(number);
    }

    public void Dispatch(int number, ulong argumentGpa)
    {
        var handler = number is >= 0 and < HvtHypercall.Limit ? _handlers[number] : null;
        if (handler == null) throw new TenderException($"Invalid guest hypercall: num={number}");
        handler(argumentGpa);
    }
}
