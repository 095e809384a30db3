// Nothing: what remains of a run is the .NET runtime starting and stopping.
return 0;
