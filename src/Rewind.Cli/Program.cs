using Rewind.Cli;

Rewind.TorchRuntime.Configure();
return CliApp.Run(args);
