namespace Parley.Server.Health;

/// <summary>
/// Something this node needs in order to serve (the database, Redis when configured). Each registered check is asked on
/// every GET /healthz/ready; one that is not ready, throws or takes too long makes the node answer 503, so the load
/// balancer sends its traffic elsewhere until it recovers.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The check's key in the health answer ("database").</summary>
    string Name { get; }

    Task<bool> IsReadyAsync(CancellationToken ct);
}
