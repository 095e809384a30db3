using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Guest;

/// <summary>Throw-away guest projects for the build tests.</summary>
internal static class GuestProject
{
    /// <summary>A guest project NAME.csproj in <paramref name="dir"/> using the SDK from the source tree
    /// (guest/Guest.Sdk/Sdk), with an empty
    /// manifest and <paramref name="program"/> as Program.cs.</summary>
    public static void Write(string dir, string name, string program)
    {
        var sdk = Repo.PathOf("guest", "Guest.Sdk", "Sdk");
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project>
              <Import Project="{sdk}/Sdk.props" />
              <PropertyGroup><AssemblyName>{name}</AssemblyName></PropertyGroup>
              <Import Project="{sdk}/Sdk.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "manifest.yml"), "version: 1\ndevices: []\n");
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
    }
}
