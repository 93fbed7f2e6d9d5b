namespace Buildpacks.Images.Registry;

/// <summary>An access token from a token service and when it stops being usable.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset ExpiresAt, TimeSpan Lifetime)
{
    /// <summary>
    /// Whether the token may still be sent: not within the last fifth of its life (at most 30 s before expiry), so a
    /// request does not race the expiry.
    /// </summary>
    public bool IsUsable(DateTimeOffset now)
    {
        var margin = TimeSpan.FromTicks(Math.Min(Lifetime.Ticks / 5, TimeSpan.FromSeconds(30).Ticks));
        return now < ExpiresAt - margin;
    }
}
