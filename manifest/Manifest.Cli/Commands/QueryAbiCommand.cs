using System.CommandLine;

namespace Solo5Net.Manifest.Cli;

/// <summary>query-abi IMAGE: solo5-elftool's spelling; the image's ABI1 note as JSON.</summary>
public static class QueryAbiCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Unikernel image (ELF executable)" };
        var command = new Command("query-abi", "Print the ABI target and version of an image as JSON (solo5-elftool compatible)") { image };
        command.SetAction(result => CommandFailure.Guard(() =>
        {
            var path = result.GetValue(image)!;
            var abi = Solo5Notes.ReadAbi(ImageFile.Read(path))
                ?? throw new ManifestException($"{path}: No Solo5 ABI information found in executable");
            Console.Out.Write(JsonReportWriter.Write(new ReportMapBuilder()
                .Add("type", new ReportText("solo5.abi"))
                .Add("target", new ReportText(AbiNote.TargetName(abi.Target)))
                .Add("version", new ReportNumber(abi.Version))
                .Build()));
            return 0;
        }));
        return command;
    }
}
