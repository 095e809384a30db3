using Solo5Net.Abi.HeaderGen;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: HeaderGen OUTPUT.h   (writes the C header of the hvt ABI)");
    return 2;
}
try
{
    File.WriteAllText(args[0], CHeader.Generate());
    return 0;
}
catch (IOException e)
{
    Console.Error.WriteLine($"HeaderGen: {args[0]}: {e.Message}");
    return 1;
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine($"HeaderGen: {args[0]}: {e.Message}");
    return 1;
}
