using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>What a tender costs while its guest runs, guest memory apart (issue 18 item 5): the minimal
/// guest that only waits (hcall spin: POLL 100 ms at a time), --mem=32, measured once the guest has
/// said "spinning" and the resident size has held still, then ended with SIGTERM.</summary>
public static class RunningFootprint
{
    public static Footprint Of(string name, string program, IEnumerable<string> args)
    {
        using var process = BackgroundProcess.Start(name, program, args);
        process.WaitForLine("spinning", TimeSpan.FromSeconds(60));
        var last = Footprint.Of(process.Pid);
        for (int steady = 0; steady < 3; )
        {
            Thread.Sleep(200);
            var now = Footprint.Of(process.Pid);
            steady = now.ResidentKib == last.ResidentKib ? steady + 1 : 0;
            last = now;
        }
        process.Stop(15, TimeSpan.FromSeconds(10));
        return last;
    }
}
