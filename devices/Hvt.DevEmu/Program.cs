return Solo5Net.DevEmu.CommandLine.Run(args);
