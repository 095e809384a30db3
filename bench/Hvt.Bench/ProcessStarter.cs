using System.ComponentModel;
using System.Diagnostics;

namespace Solo5Net.Bench;

public static class ProcessStarter
{
    /// <summary>Starts a program; a missing or unrunnable one is a one-line BenchException naming it.</summary>
    public static Process Start(ProcessStartInfo psi)
    {
        try
        {
            return Process.Start(psi) ?? throw new BenchException($"cannot start {psi.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new BenchException($"cannot start {psi.FileName}: {e.Message}");
        }
    }
}
