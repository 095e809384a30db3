using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>A guest whose tender was started for counting (<see cref="GuestCounts"/>), answering at
/// <see cref="Address"/> on the tap of its own namespace.</summary>
public interface ICountedGuest : IDisposable
{
    string Label { get; }
    int TenderId { get; }
    GuestInstructionCounter Counter { get; }
    NetNamespace Network { get; }
    string Address { get; }
}
