using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;

namespace WarRoomBot.Features.Updates;

// Placeholder signatures until the form lands.
public static class WriteUpdateModal
{
    public const string CallbackId = "write_update";
    public const string TextBlock = "update_text";
    public const string NextBlock = "update_next";
    public const string ReasonBlock = "update_reason";

    public static JsonObject View(Crisis crisis, string? draftText) => throw new NotImplementedException();

    public static (string Text, string Next, string Reason) Read(JsonElement values) => throw new NotImplementedException();
}
