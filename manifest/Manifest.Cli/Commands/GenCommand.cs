using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>gen SOURCE OUT.o: validate a manifest source and write the object carrying the ABI1 and MFT1 notes.</summary>
public static class GenCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "Manifest source (.yaml, .yml or Solo5 manifest.json)" };
        var output = new Argument<string>("OUT.o") { Description = "ELF relocatable object to write" };
        var command = new Command("gen", "Generate an ELF object with the Solo5 ABI and manifest notes") { source, output };
        command.SetAction(result => CommandFailure.Guard(() =>
        {
            var model = ManifestSource.Load(result.GetValue(source)!);
            ManifestObjectWriter.WriteFile(result.GetValue(output)!, model.ToMft());
            return 0;
        }));
        return command;
    }
}
