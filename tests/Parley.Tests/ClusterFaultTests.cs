using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using Parley.Tests.Infrastructure.Cluster;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Parley as deployed on several machines, small: node processes on one PostgreSQL database and one Redis, HAProxy in
/// front (deploy/haproxy.cfg), clients that reconnect and catch up like the web client. Nodes, Redis and the database
/// fail the way they fail in production; every test ends with <see cref="DeliveryCheck"/>: nothing acknowledged is lost
/// or doubled, and every client that stayed or came back holds all of it.
/// </summary>
public sealed class ClusterFaultTests(SharedCluster shared) : IClassFixture<SharedCluster>
{
    private const string OnlyOnPostgres = "Several nodes need PostgreSQL: runs in the PostgreSQL suite.";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private async Task<ParleyCluster> ClusterAsync()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, OnlyOnPostgres);
        return await shared.HealthyAsync();
    }

    /// <summary>Waits for the client to hear that someone's presence became this status; on failure, shows what it heard.</summary>
    private static async Task HearsPresenceAsync(HeldTimelines who, TestUser of, string status, TimeSpan? limit = null)
    {
        if (await who.Hub.TryWaitForAsync("PresenceChanged", e => e.GetProperty("userId").GetGuid() == of.Id && e.GetProperty("status").GetString() == status,
                limit ?? Soon) is null)
            Assert.Fail($"{who.Name} did not hear {of.UserName} become {status} within {(limit ?? Soon).TotalSeconds} s; heard: "
                        + string.Join(", ", who.Hub.Events("PresenceChanged").Select(e => $"{e.GetProperty("userId").GetGuid().ToString()[^6..]} {e.GetProperty("status")}"))
                        + $" ({of.UserName} is …{of.Id.ToString()[^6..]})");
    }

    /// <summary>Alice, Bob and Carol in one public room; their rooms' ids.</summary>
    private static async Task<(TestUser Alice, TestUser Bob, TestUser Carol, Guid Room)> ThreePeopleInARoomAsync(ParleyCluster cluster)
    {
        var alice = await cluster.SignUpAsync("alice");
        var bob = await cluster.SignUpAsync("bob");
        var carol = await cluster.SignUpAsync("carol");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        await carol.JoinAsync(room);
        return (alice, bob, carol, room);
    }

    [Fact]
    public async Task PeopleOnThreeNodesExchangeMessagesTypingPresenceAndReceipts()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (alice, bob, carol, room) = await ThreePeopleInARoomAsync(cluster);
            var dm = await alice.OpenDmAsync(bob);
            var a = await cluster.ConnectAsync(alice, cluster.Node(1), rooms: [room, dm]);
            var b = await cluster.ConnectAsync(bob, cluster.Node(2), rooms: [room, dm]);
            var c = await cluster.ConnectAsync(carol, cluster.Node(3), rooms: [room]);
            Assert.Equal(["node1", "node2", "node3"], new[] { a, b, c }.Select(h => cluster.NodeOf(h.Hub)));

            // Messages: everyone's reach the two other nodes as they are sent.
            var streams = new[] { SendStream.Start(a, room, "alice"), SendStream.Start(b, room, "bob"), SendStream.Start(c, room, "carol") };
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(5)));
            await Task.WhenAll(streams.Select(s => s.StopAsync()));
            foreach (var (sender, hearer) in new[] { (0, b), (0, c), (1, a), (1, c), (2, a), (2, b) })
                await hearer.Hub.WaitForAsync("MessageCreated", m => m.Id() == streams[sender].Acked[0].Id, Soon);

            // Typing from node 1 reaches nodes 2 and 3.
            await a.Hub.InvokeAsync("Typing", room);
            foreach (var other in new[] { b, c })
                await other.Hub.WaitForAsync("UserTyping", e => e.GetProperty("userId").GetGuid() == alice.Id, Soon);

            // Presence: Dave, in the room, comes online on node 3; Alice (node 1) and Bob (node 2) see it.
            var dave = await cluster.SignUpAsync("dave");
            await dave.JoinAsync(room);
            await cluster.ConnectAsync(dave, cluster.Node(3));
            foreach (var other in new[] { a, b }) await HearsPresenceAsync(other, dave, "online");

            // Receipts: Bob reads the DM on node 2; Alice hears it on node 1, Bob's other device on node 3 its read position.
            var bobElsewhere = await cluster.ConnectAsync(bob, cluster.Node(3));
            var said = await a.Hub.InvokeAsync("SendMessage", dm, TestUserApi.Send("read me"));
            await b.Hub.InvokeAsync("MarkRead", dm, said.Seq());
            await a.Hub.WaitForAsync("ReceiptChanged", e => e.GetProperty("userId").GetGuid() == bob.Id && e.GetProperty("lastReadSeq").GetInt64() == said.Seq(), Soon);
            await bobElsewhere.Hub.WaitForAsync("ReadMarked", e => e.GetProperty("roomId").GetGuid() == dm && e.GetProperty("lastReadSeq").GetInt64() == said.Seq(), Soon);

            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [a, b, c]);
        });
    }

    [Fact]
    public async Task KillingANodeMidStreamMovesItsClientsToTheOthersWithNothingLost()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (alice, bob, carol, room) = await ThreePeopleInARoomAsync(cluster);
            var victim = cluster.Node(2);
            var a = await cluster.ConnectAsync(alice, cluster.Node(1), rooms: [room]);
            var b = await cluster.ConnectAsync(bob, victim, rooms: [room]);
            var c = await cluster.ConnectAsync(carol, cluster.Node(3), rooms: [room]);
            var streams = new[] { SendStream.Start(a, room, "alice"), SendStream.Start(b, room, "bob"), SendStream.Start(c, room, "carol") };
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));

            var reaped = ReapedNodes(cluster);
            await victim.KillAsync();

            // Bob's client reconnects through HAProxy to another node, catches up and goes on sending; he stays online.
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10, TimeSpan.FromSeconds(30))));
            Assert.True(b.Hub.Reconnects >= 1);
            Assert.NotEqual(victim.Name, cluster.NodeOf(b.Hub));
            await Task.WhenAll(streams.Select(s => s.StopAsync()));
            Assert.All(streams.SelectMany(s => s.Retried), r => Assert.StartsWith("Connection closed", r));
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [a, b, c]);
            // Once another node has reaped the dead one, Bob's connection there is gone, his new one counts.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (ReapedNodes(cluster) == reaped && DateTime.UtcNow < deadline) await Task.Delay(100, TestContext.Current.CancellationToken);
            Assert.True(ReapedNodes(cluster) > reaped, "no node reaped the killed one");
            var presence = await a.Hub.InvokeAsync("GetPresence", new[] { bob.Id });
            Assert.Equal("online", presence[0].GetProperty("status").GetString());
        });
    }

    /// <summary>How many times the nodes have said they took a stopped node's connections out of presence.</summary>
    private static int ReapedNodes(ParleyCluster cluster) =>
        cluster.Nodes.Sum(n => n.LogLines().Count(l => l.Contains("stopped beating", StringComparison.Ordinal)));

    [Fact]
    public async Task AKilledNodesUsersWhoDontComeBackGoOfflineForOthersWithinTheBound()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (alice, bob, _, room) = await ThreePeopleInARoomAsync(cluster);
            var victim = cluster.Node(2);
            var a = await cluster.ConnectAsync(alice, cluster.Node(1), rooms: [room]);
            // Bob's client doesn't come back (a closed laptop): the cluster must notice he is gone.
            await cluster.ConnectAsync(bob, victim, reconnect: false);
            await HearsPresenceAsync(a, bob, "online");
            var stream = SendStream.Start(a, room, "alice");
            await stream.WaitForMoreAcksAsync(5);

            await victim.KillAsync();
            var killedAt = DateTime.UtcNow;

            // The bound: node expiry (3 s here) plus one heartbeat (1 s), and a margin for a busy machine.
            await HearsPresenceAsync(a, bob, "offline", TimeSpan.FromSeconds(12));
            Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(12));
            await stream.StopAsync();
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, [stream], [a]);
        });
    }

    [Fact]
    public async Task RestartingRedisMidStreamLosesNothingAndEachNodeSaysSoOnce()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(() => RedisOutageAsync(cluster, async redis => await redis.RestartAsync()));
    }

    // Redis down on every node: HAProxy sends no new traffic to any of them, but leaves their open sockets be
    // (deploy/haproxy.cfg), so sends over them go on being stored and acknowledged.
    [Fact]
    public async Task StoppingRedisForTenSecondsKeepsSendsAcknowledgedAndLosesNothing()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(() => RedisOutageAsync(cluster, async (redis, streams) =>
        {
            await redis.StopServerAsync();
            var back = DateTime.UtcNow.AddSeconds(10);
            // Sends are stored and acknowledged all along; broadcasts across nodes are lost.
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(20)));
            if (back > DateTime.UtcNow) await Task.Delay(back - DateTime.UtcNow, TestContext.Current.CancellationToken);
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(5)));
            await redis.StartServerAsync();
        }));
    }

    private static Task RedisOutageAsync(ParleyCluster cluster, Func<ThrowawayRedis, Task> outage) =>
        RedisOutageAsync(cluster, (redis, _) => outage(redis));

    /// <summary>
    /// Alice (node 1) and Bob (node 2) send while Redis fails; Carol (node 3) only listens. Nothing is refused or lost, the
    /// clients fill what their nodes missed once it is back, and each node says once that it lost Redis and once that it
    /// is back, without a stack trace.
    /// </summary>
    private static async Task RedisOutageAsync(ParleyCluster cluster, Func<ThrowawayRedis, IReadOnlyList<SendStream>, Task> outage)
    {
        var (alice, bob, carol, room) = await ThreePeopleInARoomAsync(cluster);
        var a = await cluster.ConnectAsync(alice, cluster.Node(1), rooms: [room]);
        var b = await cluster.ConnectAsync(bob, cluster.Node(2), rooms: [room]);
        var c = await cluster.ConnectAsync(carol, cluster.Node(3), rooms: [room]);
        var streams = new[] { SendStream.Start(a, room, "alice"), SendStream.Start(b, room, "bob") };
        await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));
        var logged = cluster.Nodes.ToDictionary(n => n, n => n.LogLines().Count);
        var backs = cluster.Nodes.ToDictionary(n => n, n => n.LogLines().Count(RedisLog.Back));

        await outage(cluster.Redis!, streams);

        // Once the nodes are back on Redis, the next live message shows each client its gap, which it fills by itself.
        await Task.WhenAll(cluster.Nodes.Select(n => n.WaitForLogAsync(RedisLog.Back, backs[n] + 1, RedisBackLimit)));
        await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));
        await Task.WhenAll(streams.Select(s => s.StopAsync()));
        Assert.Empty(streams.SelectMany(s => s.Retried));
        await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [a, b, c]);

        foreach (var node in cluster.Nodes)
        {
            var log = node.LogLines().Skip(logged[node]).ToList();
            var said = log.Where(l => l.Contains(LostRedis, StringComparison.Ordinal) || RedisLog.Back(l)).Select(l => RedisLog.Back(l) ? "back" : "lost");
            Assert.True(said.SequenceEqual(["lost", "back"]), $"{node.Name} said: {string.Join(", ", said)}");
            var trace = log.FindIndex(l => l.Contains("   at ", StringComparison.Ordinal));
            Assert.True(trace < 0, trace < 0 ? "" : $"{node.Name} logged a stack trace during the outage, under: {log.Take(trace).Last(l => !l.StartsWith($"[{node.Name}]   ", StringComparison.Ordinal))}");
        }
    }

    private const string LostRedis = "Lost Redis";
    // The client library retries every second, but on a machine busy with the other suites one node was seen to need over 20 s.
    private static readonly TimeSpan RedisBackLimit = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task StoppingANodeWithSigtermMovesItsClientsWithoutLosingASend()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (alice, bob, carol, room) = await ThreePeopleInARoomAsync(cluster);
            var stopping = cluster.Node(3);
            var a = await cluster.ConnectAsync(alice, cluster.Node(1), rooms: [room]);
            var b = await cluster.ConnectAsync(bob, cluster.Node(2), rooms: [room]);
            var c = await cluster.ConnectAsync(carol, stopping, rooms: [room]);
            var streams = new[] { SendStream.Start(a, room, "alice"), SendStream.Start(c, room, "carol") };
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));

            await stopping.TerminateAsync(); // a rolling restart's stop: finishes or refuses what is in flight, then exits

            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10, TimeSpan.FromSeconds(30))));
            await Task.WhenAll(streams.Select(s => s.StopAsync()));
            Assert.NotEqual(stopping.Name, cluster.NodeOf(c.Hub));
            Assert.All(streams.SelectMany(s => s.Retried), r => Assert.True(r.StartsWith("Connection closed", StringComparison.Ordinal) || r.StartsWith("shutting_down", StringComparison.Ordinal), r));
            Assert.Contains(stopping.LogLines(), l => l.Contains("Stopping: told", StringComparison.Ordinal));
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [a, b, c]);
        });
    }

    [Fact]
    public async Task LongPollingThroughTheBalancerWorksWithItsCookieAndFailsWithout()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (alice, bob, _, room) = await ThreePeopleInARoomAsync(cluster);
            // Alice polls through HAProxy wherever it sends her; Bob's WebSocket is on another node.
            var a = await cluster.ConnectAsync(alice, transport: Transport.LongPolling, rooms: [room]);
            var aliceNode = cluster.NodeOf(a.Hub)!;
            var b = await cluster.ConnectAsync(bob, cluster.Nodes.First(n => n.Name != aliceNode), rooms: [room]);
            var streams = new[] { SendStream.Start(a, room, "alice"), SendStream.Start(b, room, "bob") };
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));
            await Task.WhenAll(streams.Select(s => s.StopAsync()));
            await b.Hub.InvokeAsync("Typing", room);
            await a.Hub.WaitForAsync("UserTyping", e => e.GetProperty("userId").GetGuid() == bob.Id, Soon);
            Assert.Equal(aliceNode, cluster.NodeOf(a.Hub)); // every poll and send stayed on her node
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [a, b]);

            // Why the cookie: a long-polling connection lives on one node; a poll that lands on another finds nothing.
            var balancer = cluster.Balancer!;
            var withCookie = new List<HttpStatusCode>();
            var without = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                withCookie.Add(await FirstPollAsync(balancer.Address, alice.AccessToken, keepCookie: true));
                without.Add(await FirstPollAsync(balancer.Address, alice.AccessToken, keepCookie: false));
            }
            Assert.All(withCookie, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Contains(HttpStatusCode.NotFound, without);
        });
    }

    /// <summary>Negotiates a long-polling connection through the balancer, then polls it once, with or without the cookie it set.</summary>
    private static async Task<HttpStatusCode> FirstPollAsync(Uri balancer, string token, bool keepCookie)
    {
        using var handler = new HttpClientHandler { UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = balancer, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var negotiated = await http.PostAsync($"{HubClient.HubPath}/negotiate?negotiateVersion=1", null);
        var body = await Expect.Json(negotiated);
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"{HubClient.HubPath}?id={body.GetProperty("connectionToken").GetString()}");
        if (keepCookie) poll.Headers.Add("Cookie", negotiated.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var answer = await http.SendAsync(poll);
        return answer.StatusCode;
    }

    [Fact]
    public async Task EndingSessionsOnOneNodeClosesTheSocketsOnOthers()
    {
        var cluster = await ClusterAsync();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (alice, bob, _, room) = await ThreePeopleInARoomAsync(cluster);
            var eve = await cluster.SignUpAsync("eve");
            var frank = await cluster.SignUpAsync("frank");
            var a = await cluster.ConnectAsync(alice, cluster.Node(1), rooms: [room]);
            var b = await cluster.ConnectAsync(bob, cluster.Node(3), rooms: [room]);
            var stream = SendStream.Start(b, room, "bob");
            // Both reconnect like the web client, which stops on SessionEnded instead.
            var eveOn2 = await cluster.ConnectAsync(eve, cluster.Node(2));
            var frankOn3 = await cluster.ConnectAsync(frank, cluster.Node(3));

            using (var onNode1 = NodeClient(cluster.Node(1), eve))
                await Expect.Status(await onNode1.PostAsJsonAsync("/api/me/deactivate", new { password = eve.Password }, TestContext.Current.CancellationToken), 204);
            using (var onNode1 = NodeClient(cluster.Node(1), frank))
                await Expect.Status(await onNode1.PostAsync("/api/auth/logout?everywhere=true", null, TestContext.Current.CancellationToken), 204);

            Assert.Equal("This account was closed.", (await eveOn2.Hub.WaitForAsync("SessionEnded", timeout: Soon)).GetProperty("reason").GetString());
            Assert.Equal("You signed out everywhere.", (await frankOn3.Hub.WaitForAsync("SessionEnded", timeout: Soon)).GetProperty("reason").GetString());
            await Task.WhenAll(eveOn2.Hub.Closed, frankOn3.Hub.Closed).WaitAsync(Soon, TestContext.Current.CancellationToken);

            await stream.WaitForMoreAcksAsync(5);
            await stream.StopAsync();
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, [stream], [a, b]);
        });
    }

    private static HttpClient NodeClient(ParleyNode node, TestUser user)
    {
        var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        return http;
    }

    [Fact]
    public async Task RestartingPostgresMidStreamGivesOnlyRetryableErrorsAndBothNodesRecoverByThemselves()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, OnlyOnPostgres);
        await using var pg = await ThrowawayPostgres.StartAsync();
        // Clients on the nodes directly: HAProxy would drain both (not ready without a database) and blur what the nodes answer.
        await using var cluster = await ParleyCluster.StartAsync(new ClusterOptions(Nodes: 2, ConnectionString: pg.ConnectionString, Balancer: false));
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (node1, node2) = (cluster.Node(1), cluster.Node(2));
            var (alice, bob, carol, room) = await ThreePeopleInARoomAsync(cluster);
            var aliceOn1 = await cluster.ConnectDirectAsync(alice, node1, room);
            var bobOn2 = await cluster.ConnectDirectAsync(bob, node2, room);
            var carolOn1 = await cluster.ConnectDirectAsync(carol, node1, room);
            var streams = new[] { SendStream.Start(aliceOn1, room, "alice"), SendStream.Start(bobOn2, room, "bob") };
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));

            await pg.StopServerAsync();
            // Down until both nodes have refused a send; meanwhile REST on node 2 answers 503 unavailable, never 500.
            using var rest = NodeClient(node2, carol);
            var restStatuses = new List<int>();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((!restStatuses.Contains(503) || !streams.All(s => s.Retried.Any(r => r.StartsWith("unavailable", StringComparison.Ordinal))))
                   && DateTime.UtcNow < deadline)
            {
                using var res = await rest.GetAsync($"/api/rooms/{room}/messages", TestContext.Current.CancellationToken);
                restStatuses.Add((int)res.StatusCode);
                if (res.StatusCode == HttpStatusCode.ServiceUnavailable)
                    Assert.Equal("unavailable", (await Expect.Problem(res, 503)).GetProperty("code").GetString());
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
            await pg.StartServerAsync();

            // Sends get through again on both nodes, which were never restarted; so does reading history there (a client
            // tries again on 503, as Retry-After says: a pooled connection the restart left out of step may refuse once).
            await Task.WhenAll(streams.Select(s => s.WaitForMoreAcksAsync(10)));
            await Task.WhenAll(streams.Select(s => s.StopAsync()));
            foreach (var node in cluster.Nodes)
            {
                using var http = NodeClient(node, carol);
                var status = 0;
                for (var tries = 0; tries < 20 && status != 200; tries++)
                {
                    if (tries > 0) await Task.Delay(250, TestContext.Current.CancellationToken);
                    using var res = await http.GetAsync($"/api/rooms/{room}/messages", TestContext.Current.CancellationToken);
                    status = (int)res.StatusCode;
                    Assert.True(status is 200 or 503, $"history on {node.Name} answered {status} after the restart");
                }
                Assert.Equal(200, status);
            }
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
            await DeliveryCheck.AllAckedStoredOnceAndHeldAsync(cluster.OpenDb, alice, room, streams, [aliceOn1, bobOn2, carolOn1]);
        });
    }
}
