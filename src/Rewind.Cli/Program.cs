using Rewind.Cli;

return CliApp.Run(args);
