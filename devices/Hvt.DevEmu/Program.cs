return Solo5Net.DevEmu.CommandLine.Build().Parse(args).Invoke();
