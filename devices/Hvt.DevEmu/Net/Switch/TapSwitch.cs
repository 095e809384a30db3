using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Server;

namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// The backend network devices share: a tap as the uplink of a <see cref="FrameSwitch"/> with one
/// port per client slot, and the pump that feeds the switch from the tap. A device model plugs in
/// through <see cref="Attach"/>, which gives it an <see cref="IFramePort"/> like any other wire.
/// </summary>
public sealed class TapSwitch : IDisposable
{
    private readonly TapPort _tap;
    private readonly FrameSwitch _switch;
    private readonly UplinkPump _pump;

    private TapSwitch(TapPort tap, int ports)
    {
        _tap = tap;
        _switch = new FrameSwitch(tap, ports);
        _pump = new UplinkPump(_switch, tap);
    }

    public static TapSwitch Open(string tapName, int ports)
    {
        var tap = TapPort.Open(tapName);
        try
        {
            return new TapSwitch(tap, ports);
        }
        catch
        {
            tap.Dispose();
            throw;
        }
    }

    /// <summary>The port of client slot <paramref name="slot"/>, with its device's address.</summary>
    public IFramePort Attach(int slot, MacAddress mac) => _switch.Attach(slot, mac);

    public IEnumerable<(string Name, long Value)> Counters() => _switch.Counters();

    public void Dispose()
    {
        _pump.Dispose();
        _tap.Dispose();
    }

    /// <summary>Reports the switch's counters (at exit).</summary>
    public void Report() => Log.Info("switch: counters: " + string.Join(' ', Counters().Select(c => $"{c.Name}={c.Value}")));
}
