using System.ComponentModel;
using System.Diagnostics;

namespace Solo5Net.TestSupport;

/// <summary>How every harness starts a program: output redirected, never through a shell; a missing or
/// unrunnable program is a <see cref="HarnessException"/> naming it.</summary>
public static class ProcessLaunch
{
    public static ProcessStartInfo Info(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return psi;
    }

    public static Process Start(ProcessStartInfo psi)
    {
        try
        {
            return Process.Start(psi) ?? throw new HarnessException($"cannot start {psi.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new HarnessException($"cannot start {psi.FileName}: {e.Message}");
        }
    }
}
