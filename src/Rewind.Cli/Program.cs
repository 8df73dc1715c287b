using Rewind.Cli;

Rewind.Core.TorchRuntime.Configure();
return CliApp.Run(args);
