namespace Solo5Net.Hvt;

/// <summary>When a halt hook runs relative to the others.</summary>
public enum HaltPhase
{
    /// <summary>Reads the stopped guest (a core file) while every module's memory and devices still exist.</summary>
    Inspect,

    /// <summary>Flushes, resets, unmaps and closes what a module set up.</summary>
    Release,
}

/// <summary>The halt hooks of one run: every <see cref="HaltPhase.Inspect"/> hook, then every
/// <see cref="HaltPhase.Release"/> hook, each phase in registration order.</summary>
public sealed class HaltHookList
{
    private readonly List<HaltHook> _inspect = [], _release = [];

    public void Add(HaltHook hook, HaltPhase phase) => (phase == HaltPhase.Inspect ? _inspect : _release).Add(hook);

    public void RunAll(HaltContext halt)
    {
        foreach (var hook in _inspect) hook(halt);
        foreach (var hook in _release) hook(halt);
    }
}
