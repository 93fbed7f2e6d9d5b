// HelloWeb: answers GET / with one line. It listens where the environment says (ASPNETCORE_HTTP_PORTS or
// ASPNETCORE_URLS): the sample buildpacks set ASPNETCORE_HTTP_PORTS=8080 as a launch default, and PORT given to the
// container (docker run -e PORT=9000) overrides it.
var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/", () => "Hello from HelloWeb, built with Cloud Native Buildpacks\n");

app.Run();
