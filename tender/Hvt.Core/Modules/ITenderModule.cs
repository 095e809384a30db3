namespace Solo5Net.Hvt;

/// <summary>
/// A tender module (Solo5's module shape): it parses its own options, then sets itself up against
/// the VM and the manifest. The core never names a device type. The two phases get two contexts,
/// so what a phase may touch is a matter of types.
/// </summary>
public interface ITenderModule
{
    /// <summary>Short name ("block", "net", "pci", "dumpcore").</summary>
    string Name { get; }

    /// <summary>Lines for --help, already indented like the core options (may be empty).</summary>
    string Usage { get; }

    /// <summary>
    /// Offered every option before KERNEL (after the core's own options). Return true to accept it.
    /// Runs before the VM exists: attach manifest entries and open host resources here. Throw
    /// <see cref="InvalidOptionException"/> for a malformed option of this module; the core appends
    /// "Invalid option" / usage handling.
    /// </summary>
    bool TryParseOption(string arg, ModuleOptionContext ctx);

    /// <summary>Called once, in module order, when the VM, guest memory and vCPU exist.</summary>
    void Setup(ModuleSetupContext ctx);

    /// <summary>True when <see cref="Setup"/> will wait on something outside the tender (a device
    /// peer's answers, a debugger's connection): SIGINT/SIGTERM are then read by a thread of their
    /// own during set-up, so that they end the run at once (<see cref="ExitSignalWatch"/>). Any other
    /// set-up takes milliseconds, and a signal is read when it ends.</summary>
    bool SetupWaitsOnPeers => false;
}
