namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// The MAC address of each instance of a shared NIC: the ones given, in order, then addresses that
/// follow the first one (or a random locally administered one) — first + 1, first + 2, … in its last
/// three bytes — skipping any already in use.
/// </summary>
public static class InstanceMacs
{
    public static IReadOnlyList<MacAddress> Assign(IReadOnlyList<string> given, int instances)
    {
        if (given.Count > instances)
            throw new ArgumentException($"--mac is given {given.Count} times but --clients is {instances}: one address per instance at most");
        var macs = given.Select(MacAddress.ParseOrRandom).ToList();
        for (int i = 1; i < macs.Count; i++)
        {
            int earlier = macs.IndexOf(macs[i]);
            if (earlier < i) throw new ArgumentException($"instances {earlier} and {i} would share the MAC address {macs[i]}: give distinct --mac values");
        }
        var first = macs.Count > 0 ? macs[0] : MacAddress.Random();
        if (macs.Count == 0) macs.Add(first);
        for (int offset = 1; macs.Count < instances; offset++)
        {
            var next = first.WithOffset(offset);
            if (!macs.Contains(next)) macs.Add(next);
        }
        return macs;
    }
}
