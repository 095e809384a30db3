using System.CommandLine;
using Solo5Net.Manifest.Cli;

var root = new RootCommand("solo5-manifest: Solo5 manifests for hvt unikernels (generate, inspect, validate)")
{
    GenCommand.Create(),
    QueryCommand.Create(),
    ValidateCommand.Create(),
};
var parsed = root.Parse(args);
return parsed.Errors.Count > 0
    ? CommandFailure.Usage(parsed)
    : parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
