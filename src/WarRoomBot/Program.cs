using WarRoomBot.Slack;
using WarRoomBot.Storage;

// No configuration reload: the SQLite file lives under the content root, and the file watcher that reload needs
// would wake on every write to it.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

// A missing secret is a setup mistake, not a crash: name the setting and stop before anything starts.
if (SlackOptions.Problems(builder.Configuration) is { Count: > 0 } problems)
{
    await Console.Error.WriteLineAsync($"WarRoomBot cannot start: {string.Join(" ", problems)}");
    return 1;
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddCrisisStore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSlack(builder.Configuration);
builder.Services.AddCrisisFeatures(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

var app = builder.Build();
app.MapSlack();
app.MapHealthChecks("/healthz");
await app.RunAsync();
return 0;
