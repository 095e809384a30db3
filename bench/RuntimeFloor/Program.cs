// Nothing: what remains of a run is the process (the NativeAOT runtime) starting and stopping.
// With --idle it sleeps until killed instead: hvt-bench memory measures what the runtime alone
// keeps resident.
if (args.Length == 1 && args[0] == "--idle") System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
return 0;
