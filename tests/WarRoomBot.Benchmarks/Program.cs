// Load runs against the real bot in its own process, with the emulated Slack in this one. Usage:
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- [requests=20000] [connections=32] [verb=open|help]
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- deadlines [crises=1000] [per-crisis=10] [warm-up-s=30] [slack-latency-ms=0]
return args is ["deadlines", .. var rest]
    ? await DeadlineRun.RunAsync(rest)
    : await AckRun.RunAsync(args);
