using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Parley.Tests.Infrastructure.Cluster;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Several Parley processes on one PostgreSQL database, failing the way production fails: each test ends with
/// <see cref="DeliveryCheck"/> (nothing acknowledged lost or doubled, every client holds it all).
/// </summary>
public sealed class ClusterFaultTests
{
    private const string OnlyOnPostgres = "Several nodes need PostgreSQL: runs in the PostgreSQL suite.";

    [Fact]
    public async Task RestartingPostgresMidStreamGivesOnlyRetryableErrorsAndBothNodesRecoverByThemselves()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, OnlyOnPostgres);
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var cluster = await ParleyCluster.StartAsync(new ClusterOptions(Nodes: 2, ConnectionString: pg.ConnectionString, Balancer: false));
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (node1, node2) = (cluster.Node(1), cluster.Node(2));
            var alice = await cluster.SignUpAsync("alice");
            var bob = await cluster.SignUpAsync("bob");
            var carol = await cluster.SignUpAsync("carol");
            var room = await alice.CreateRoomAsync();
            await bob.JoinAsync(room);
            await carol.JoinAsync(room);
            var aliceOn1 = await cluster.ConnectDirectAsync(alice, node1, room);
            var bobOn2 = await cluster.ConnectDirectAsync(bob, node2, room);
            var carolOn1 = await cluster.ConnectDirectAsync(carol, node1, room);
            var streams = new[] { SendStream.Start(aliceOn1, room, "alice"), SendStream.Start(bobOn2, room, "bob") };
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));

            await pg.StopServerAsync();
            // Down until both nodes have refused a send; meanwhile REST on node 2 answers 503 unavailable, never 500.
            using var rest = new HttpClient { BaseAddress = node2.Address, Timeout = TimeSpan.FromSeconds(10) };
            rest.DefaultRequestHeaders.Authorization = new("Bearer", carol.AccessToken);
            var restStatuses = new List<int>();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((!restStatuses.Contains(503) || !streams.All(s => s.Retried.Any(r => r.StartsWith("unavailable", StringComparison.Ordinal))))
                   && DateTime.UtcNow < deadline)
            {
                var res = await rest.GetAsync($"/api/rooms/{room}/messages", TestContext.Current.CancellationToken);
                restStatuses.Add((int)res.StatusCode);
                if (res.StatusCode == HttpStatusCode.ServiceUnavailable)
                    Assert.Equal("unavailable", (await Expect.Problem(res, 503)).GetProperty("code").GetString());
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
            await pg.StartServerAsync();

            // Sends get through again on both nodes, which were never restarted.
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));
            await Task.WhenAll(streams.Select(s => s.StopAsync()));
            Assert.All(streams.SelectMany(s => s.Retried), r => Assert.True(r.StartsWith("unavailable retryAfter=", StringComparison.Ordinal), r));
            Assert.All(streams, s => Assert.NotEmpty(s.Retried));
            Assert.Contains(503, restStatuses);
            Assert.All(restStatuses, s => Assert.True(s is 200 or 503, $"REST answered {s} during the outage"));
            foreach (var node in cluster.Nodes)
            {
                var log = node.LogLines();
                Assert.Single(log, l => l.Contains("The database can't be reached", StringComparison.Ordinal));
                Assert.Single(log, l => l.Contains("The database is reachable again", StringComparison.Ordinal));
                Assert.DoesNotContain(log, l => l.Contains(" 500 ", StringComparison.Ordinal) || l.Contains("server_error", StringComparison.Ordinal));
            }
            // Without a backplane only node 1's clients hear node 1's last message; bob's own acks showed him the rest.
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [aliceOn1, carolOn1]);
        });
    }
}
