using Microsoft.Extensions.Options;
using WarRoomBot.Slack;
using WarRoomBot.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddCrisisStore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSlack(builder.Configuration);
builder.Services.AddCrisisFeatures(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

var app = builder.Build();
app.MapSlack();
app.MapHealthChecks("/healthz");

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A missing secret is a setup mistake, not a crash: name the setting and stop.
    await Console.Error.WriteLineAsync($"WarRoomBot cannot start: {string.Join(" ", e.Failures)}");
    return 1;
}
