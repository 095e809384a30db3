namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// The MAC address of each instance of a shared NIC: the ones given, in order, then addresses
/// derived from the first one (or from a random locally administered one) by adding the instance
/// number to its last three bytes.
/// </summary>
public static class InstanceMacs
{
    public static IReadOnlyList<MacAddress> Assign(IReadOnlyList<string> given, int instances)
    {
        if (given.Count > instances)
            throw new ArgumentException($"--mac is given {given.Count} times but --clients is {instances}: one address per instance at most");
        var parsed = given.Select(MacAddress.ParseOrRandom).ToList();
        var first = parsed.Count > 0 ? parsed[0] : MacAddress.Random();
        var macs = Enumerable.Range(0, instances).Select(i => i < parsed.Count ? parsed[i] : first.WithOffset(i)).ToList();
        for (int i = 0; i < macs.Count; i++)
            for (int j = 0; j < i; j++)
                if (macs[i] == macs[j]) throw new ArgumentException($"instances {j} and {i} would share the MAC address {macs[i]}: give distinct --mac values");
        return macs;
    }
}
