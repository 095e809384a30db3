// Nothing: what remains of a run is the process (the NativeAOT runtime) starting and stopping.
return 0;
