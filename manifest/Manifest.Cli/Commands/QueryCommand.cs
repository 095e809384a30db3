using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>
/// query IMAGE: print what the hvt tender checks before boot (ABI note, every manifest entry).
/// Exits 1 with the tender's message when the tender would refuse the image.
/// </summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Unikernel image (ELF executable)" };
        var format = new Option<string>("--format")
        {
            Description = "Output format",
            DefaultValueFactory = _ => "yaml",
        };
        format.AcceptOnlyFromAmong("yaml", "json");
        var verbose = new Option<bool>("--verbose") { Description = "Say which check an invalid manifest fails" };
        var command = new Command("query", "Show the ABI and manifest of a unikernel image") { image, format, verbose };
        command.SetAction(result => CommandFailure.Guard(() =>
            Run(result.GetValue(image)!, result.GetValue(format) == "json", result.GetValue(verbose))));
        return command;
    }

    private static int Run(string path, bool json, bool verbose)
    {
        var elf = ImageFile.Read(path);
        AbiNote abi;
        Mft mft;
        try
        {
            abi = Solo5Notes.ReadAbi(elf) ?? throw new ManifestException("No Solo5 ABI information found in executable");
            var bytes = Solo5Notes.ReadManifest(elf) ?? throw new ManifestException("No Solo5 manifest found in executable");
            mft = Mft.Decode(bytes);
        }
        catch (ManifestInvalidException e)
        {
            return CommandFailure.Fail(verbose ? $"{path}: {e.Message}: {e.Detail}" : $"{path}: {e.Message}");
        }
        catch (ManifestException e)
        {
            return CommandFailure.Fail($"{path}: {e.Message}");
        }

        var report = ImageReport.Build(abi, mft);
        Console.Out.Write(json ? JsonReportWriter.Write(report) : YamlReportWriter.Write(report));

        if (abi.Target != AbiNote.TargetHvt)
            return CommandFailure.Fail($"{path}: Executable is not for the solo5-hvt target");
        if (abi.Version != AbiNote.VersionHvt)
            return CommandFailure.Fail($"{path}: Executable requests unsupported ABI version {abi.Version}");
        return 0;
    }
}
