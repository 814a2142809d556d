using Parley.Bench.Measure;
using Parley.Bench.Targets;
using Parley.Bench.Workloads;

// The load generator. One run = one workload against one server; prints one JSON line of figures.
//   dotnet Parley.Bench.dll --target parley|socketio|signalr-floor --url http://127.0.0.1:5080 --label parley-sqlite --server-pid N
//                           --workload fanout|chatmix|idle|storm|catchup|history [workload options]
// History also needs --seed-db sqlite:<file>|postgres:<connection string> (see HistoryBench).
var o = new BenchOptions(args);
if (o.Get("report", "") is { Length: > 0 } resultsFile)
{
    Parley.Bench.Report.Append(resultsFile, o.Require("markdown"), o.Require("mode"), o.Require("versions"));
    return;
}
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(o.Double("timeout-minutes", 20)));
var pid = o.Int("server-pid", 0);
var stats = pid > 0 ? new ProcessStats(pid) : null;
var url = new Uri(o.Require("url"));
Target target = o.Require("target") switch
{
    "parley" => new ParleyTarget(url, stats, o.Get("label", "parley")) { SourceAddresses = o.Int("sources", 1) },
    "socketio" => new SocketIoTarget(url, stats) { SourceAddresses = o.Int("sources", 1) },
    "signalr-floor" => new SignalRFloorTarget(url, stats) { SourceAddresses = o.Int("sources", 1) },
    var t => throw new ArgumentException($"Unknown target {t}"),
};
var result = o.Require("workload") switch
{
    "fanout" => await FanOut.RunAsync(target, o, cts.Token),
    "chatmix" => await ChatMix.RunAsync(target, o, cts.Token),
    "idle" => await IdleAndStorm.IdleAsync(target, o, cts.Token),
    "storm" => await IdleAndStorm.StormAsync(target, o, cts.Token),
    "catchup" => await CatchUp.RunAsync((ParleyTarget)target, o, cts.Token),
    "history" => await HistoryBench.RunAsync((ParleyTarget)target, o, cts.Token),
    var w => throw new ArgumentException($"Unknown workload {w}"),
};
Console.WriteLine(result.ToJson());
