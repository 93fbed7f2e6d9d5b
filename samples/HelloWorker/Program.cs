// HelloWorker: a hosted service that says hello, then a heartbeat every few seconds until the container is stopped.
using HelloWorker;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHostedService<Heartbeat>();
builder.Build().Run();
