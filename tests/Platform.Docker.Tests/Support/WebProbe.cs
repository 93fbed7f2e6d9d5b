using System.Net;
using System.Net.Sockets;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>Runs a built web app on the host's network and asks it for its page.</summary>
public static class WebProbe
{
    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The body of <paramref name="url"/>, asked until the app answers (it needs a moment to listen; polling beats a fixed sleep).</summary>
    public static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Exception? last = null;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException e)
            {
                last = e;
                await Task.Delay(500);
            }
        }

        throw new InvalidOperationException($"{url} never answered.", last);
    }
}
