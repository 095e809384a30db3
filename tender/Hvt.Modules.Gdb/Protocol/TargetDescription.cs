namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>
/// The target description served through qXfer:features:read (docs/gdb.md §3): the architecture
/// only, so gdb takes its built-in amd64 register set, whose first 24 registers are
/// <see cref="Amd64Registers"/>.
/// </summary>
public static class TargetDescription
{
    public const string Annex = "target.xml";

    public const string Xml = "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">" +
        "<target version=\"1.0\"><architecture>i386:x86-64</architecture></target>";
}
