using Buildpacks.Lifecycle.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var environment = Environment.GetEnvironmentVariables()
    .Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
var console = new ConsoleOutput(Console.Out, Console.Error);

// argv[0] as the process was started (a /cnb/lifecycle/<phase> symlink or hard link), not the resolved executable path.
return await LifecycleCommand.RunAsync(
    Environment.GetCommandLineArgs()[0], args, environment, console, Privileges.IsRoot, cancellation.Token);
