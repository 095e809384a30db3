using Solo5Net.Guest;

/// <summary>The unikernel's entry point: Solo5Net.Sdk calls Program.Main after boot
/// (another class: set GuestMainClass in the project). The return value is the exit status.</summary>
public static class Program
{
    public static int Main(StartInfo start)
    {
        Solo5.ConsoleWrite("Hello from Solo5App, arguments: '" + start.CommandLine + "'\n");
        return Solo5.ExitSuccess;
    }
}
