// Load runs against the real bot in its own process, with the emulated Slack in this one. Usage:
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- [requests=20000] [connections=32] [verb=open|theory|click|help] [store=litedb|postgres] [crises=1000] [rate=500]
//     (postgres: a database is created for the run on the server WARROOM_TEST_POSTGRES names, and dropped after)
//     (theory and click, on litedb only: that many crises are seeded first and the requests spread over them; every
//     acknowledged write is counted in the file after the run)
//     (first, in the same run and with the same requests, a verify-only endpoint: the floor the bot's CPU is compared with)
//     (then, for each, 10 s of requests at the given rate a second: the latency below saturation)
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- sizes [crises=10000] [concurrency=32]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- deadlines [crises=1000] [per-crisis=10] [warm-up-s=30] [slack-latency-ms=0]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- digests [crises=1000] [per-crisis=10] [warm-up-s=30] [slack-latency-ms=0] [seeding-allowance-s=120]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- lost-answers [crises=20] [lose-every=3]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- outage [crises=10000] [outage-s=60] [slack-latency-ms=0]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- sandbox [runs=5]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- disk [rate=500] [seconds=10]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- socket-mode [requests=5000] [concurrency=32] [verb=help|open]
return args switch
{
    ["deadlines", .. var rest] => await DeadlineRun.RunAsync(rest, digests: false),
    ["disk", .. var rest] => await DiskRun.RunAsync(rest),
    ["digests", .. var rest] => await DeadlineRun.RunAsync(rest, digests: true),
    ["lost-answers", .. var rest] => await LostAnswerRun.RunAsync(rest),
    ["outage", .. var rest] => await OutageRun.RunAsync(rest),
    ["sandbox", .. var rest] => await SandboxRun.RunAsync(rest),
    ["sizes", .. var rest] => await SizeRun.RunAsync(rest),
    ["socket-mode", .. var rest] => await SocketRun.RunAsync(rest),
    [VerifyFloor.Verb] => await VerifyFloor.RunAsync(),
    _ => await AckRun.RunAsync(args),
};
