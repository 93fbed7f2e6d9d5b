namespace HelloWorker;

/// <summary>Writes one hello line, then a heartbeat every five seconds, until the host stops.</summary>
internal sealed class Heartbeat(ILogger<Heartbeat> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Console.WriteLine("Hello from HelloWorker, built with Cloud Native Buildpacks");
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            logger.LogInformation("HelloWorker is alive at {Time:O}", DateTimeOffset.UtcNow);
        }
    }
}
