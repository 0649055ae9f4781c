namespace WarRoomBot;

public sealed partial class WarRoomOptions
{
    /// <summary>Playbook §14: who may fetch the debrief document over HTTP.</summary>
    public DebriefOptions Debrief { get; set; } = new();

    public sealed class DebriefOptions
    {
        /// <summary>
        /// The token a request to <c>GET /crises/{number}/debrief.md</c> must carry (<c>Authorization: Bearer …</c>). None by
        /// default, and then the endpoint is off: the record names customers and people, so it is never served by accident.
        /// </summary>
        public string? AccessToken { get; set; }
    }
}
