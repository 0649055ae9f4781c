using System.Text.Json.Nodes;

namespace SlackEmulator;

internal static class ViewJson
{
    /// <summary>The view as Slack echoes it back: what the app sent plus the fields Slack owns.</summary>
    public static JsonObject Stored(EmulatorSettings settings, ViewRecord record, JsonObject sent, string rootViewId, string? previousViewId)
    {
        var view = new JsonObject
        {
            ["id"] = record.ViewId,
            ["team_id"] = settings.TeamId,
            ["type"] = "modal",
            ["blocks"] = sent["blocks"]?.DeepClone() ?? new JsonArray(),
            ["private_metadata"] = sent["private_metadata"]?.DeepClone() ?? "",
            ["callback_id"] = sent["callback_id"]?.DeepClone() ?? "",
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["hash"] = record.Hash,
            ["title"] = sent["title"]?.DeepClone(),
            ["clear_on_close"] = sent["clear_on_close"]?.DeepClone() ?? false,
            ["notify_on_close"] = sent["notify_on_close"]?.DeepClone() ?? false,
            ["close"] = sent["close"]?.DeepClone(),
            ["submit"] = sent["submit"]?.DeepClone(),
            ["previous_view_id"] = previousViewId,
            ["root_view_id"] = rootViewId,
            ["app_id"] = settings.AppId,
            ["external_id"] = record.ExternalId ?? "",
            ["app_installed_team_id"] = settings.TeamId,
            ["bot_id"] = settings.BotId,
        };
        return view;
    }

}
