using Parley.Bench.Measure;
using Parley.Bench.Targets;
using Parley.Bench.Workloads;

// The load generator. One run = one workload against one server; prints one JSON line of figures.
//   dotnet Parley.Bench.dll --target parley|socketio|signalr-floor --url http://127.0.0.1:5080 --label parley-sqlite --server-pid N
//                           --workload fanout|chatmix|idle|storm|catchup|history|search|index-writes [workload options]
// History, search and index-writes also need --seed-db sqlite:<file>|postgres:<connection string> (see HistoryBench).
// A cluster: --url takes the nodes as a comma list (connections take them in turn, REST goes to the first),
// --server-pid every server process (nodes and redis-server; CPU and memory are summed), --redis host:port the
// backplane's redis-server (its INFO before and after: what Redis cost per message), --db-pid the postmaster
// (PostgreSQL's CPU with its backends, shown beside the server's).
var o = new BenchOptions(args);
if (o.Get("report", "") is { Length: > 0 } resultsFile)
{
    Parley.Bench.Report.Append(resultsFile, o.Require("markdown"), o.Require("mode"), o.Require("versions"));
    return;
}
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(o.Double("timeout-minutes", 20)));
var stats = ProcessStats.Parse(o.Get("server-pid", ""));
Uri[] nodes = [.. o.Require("url").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u))];
var (url, sources, redis, db) = (nodes[0], o.Int("sources", 1), o.Get("redis", "") is { Length: > 0 } r ? r : null, ProcessStats.Parse(o.Get("db-pid", ""), withChildren: true));
// Fan-out without the search index: what indexing costs a message (SearchBench.DropIndexAsync): true for all of it,
// on PostgreSQL "words" or "trigram" for one part.
var dropPart = o.Get("drop-search-index", "false");
if (dropPart is not ("false" or "true" or "words" or "trigram"))
    throw new ArgumentException($"--drop-search-index takes false, true, words or trigram, not '{dropPart}'");
var dropIndex = dropPart != "false";
if (dropIndex) await SearchBench.DropIndexAsync(o.Require("seed-db"), dropPart, cts.Token);
Target target = o.Require("target") switch
{
    "parley" => new ParleyTarget(url, stats, o.Get("label", "parley") + dropPart switch { "false" => "", "true" => "-noindex", _ => "-no" + dropPart }) { SourceAddresses = sources, Nodes = nodes, Redis = redis, Database = db, Metrics = o.Get("metrics-url", "") is { Length: > 0 } m ? new Uri(m) : null, HubTickets = o.Get("hub-ticket", "false") == "true" },
    "socketio" => new SocketIoTarget(url, stats) { SourceAddresses = sources, Nodes = nodes },
    "signalr-floor" => new SignalRFloorTarget(url, stats) { SourceAddresses = sources, Nodes = nodes },
    var t => throw new ArgumentException($"Unknown target {t}"),
};
IReadOnlyList<Result> results = o.Require("workload") switch
{
    "search" => await SearchBench.RunAsync((ParleyTarget)target, o, cts.Token),
    "index-writes" => await IndexWrites.RunAsync(o, cts.Token),
    _ => [await RunOneAsync()],
};
foreach (var result in results) Console.WriteLine(result.ToJson());

async Task<Result> RunOneAsync() => o.Require("workload") switch
{
    "fanout" => await FanOut.RunAsync(target, o, cts.Token),
    "chatmix" => await ChatMix.RunAsync(target, o, cts.Token),
    "idle" => await IdleAndStorm.IdleAsync(target, o, cts.Token),
    "storm" => await IdleAndStorm.StormAsync(target, o, cts.Token),
    "catchup" => await CatchUp.RunAsync((ParleyTarget)target, o, cts.Token),
    "history" => await HistoryBench.RunAsync((ParleyTarget)target, o, cts.Token),
    var w => throw new ArgumentException($"Unknown workload {w}"),
};
