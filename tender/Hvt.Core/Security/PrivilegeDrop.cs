using Solo5Net.Interop;

namespace Solo5Net.Hvt.Security;

/// <summary>
/// No privileges after set-up (docs/security.md): the bounding and ambient sets emptied, the user
/// and group of --user taken (on every thread), then the calling thread's capabilities cleared.
/// Threads the tender starts afterwards (vCPU, net ring) inherit the empty sets.
/// </summary>
public static class PrivilegeDrop
{
    public static void Apply(TenderUser? user)
    {
        // Only a privileged tender can empty its bounding set; an unprivileged one has nothing to drop.
        if ((ThreadCapabilities.Effective() & (1UL << ThreadCapabilities.CAP_SETPCAP)) != 0) ThreadCapabilities.DropBoundingSet();
        ThreadCapabilities.ClearAmbient();
        if (user != null)
        {
            try { UserIdentity.SwitchTo(user.Uid, user.Gid); }
            catch (SystemCallException e) { throw new TenderException($"--user={user.Uid}:{user.Gid}: {e.Message}"); }
        }
        ThreadCapabilities.ClearThread();
    }
}
