using Solo5Net.Bench;

return BenchProgram.Run(args);
