using System.Text;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary>The fields of a form Slack posts, read from its bytes as the form's rules decode them.</summary>
public sealed class SlackFormTests
{
    private static readonly string[] Command = ["user_id", "text", "channel_id"];

    private static Dictionary<string, string> Read(string body, IReadOnlyCollection<string>? names = null) =>
        SlackForm.Fields(Encoding.UTF8.GetBytes(body), names ?? Command).ToDictionary(f => f.Key, f => f.Value.ToString());

    [Fact]
    public void Only_the_fields_asked_for_are_read_each_decoded()
    {
        var form = Read("token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&user_id=U2147483697&text=theory+the+cache+is+stale+prove+50%25+by+14%3A30&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234");

        Assert.Equal(new Dictionary<string, string> { ["user_id"] = "U2147483697", ["text"] = "theory the cache is stale prove 50% by 14:30" }, form);
    }

    [Theory]
    [InlineData("text=customer%3A+AT%26T+%3D+50%2B", "customer: AT&T = 50+")]
    [InlineData("text=caf%C3%A9+%E2%9C%85+%F0%9F%94%A5", "café ✅ 🔥")]
    [InlineData("text=café ✅", "café ✅")]
    [InlineData("text=100%+sure", "100% sure")]
    [InlineData("text", "")]
    [InlineData("text=", "")]
    [InlineData("&&text=a=b&&", "a=b")]
    [InlineData("te%78t=encoded+name", "encoded name")]
    [InlineData("text=first&text=second", "first,second")]
    public void A_field_is_decoded_as_forms_are(string body, string text)
    {
        Assert.Equal(text, Read(body)["text"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("texts=a&tex=b&=c")]
    public void A_field_the_form_does_not_have_is_not_there(string body)
    {
        Assert.False(Read(body).ContainsKey("text"));
    }

    [Theory]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D", "{\"type\":\"block_actions\"}")]
    [InlineData("token=x&payload=%7B%22a%22%3A%22caf%C3%A9%22%7D", "{\"a\":\"café\"}")]
    public void The_one_payload_is_the_bytes_it_encodes(string body, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(SlackForm.Single(Encoding.UTF8.GetBytes(body), "payload")!));
    }

    [Theory]
    [InlineData("token=x")]
    [InlineData("payload=%7B%7D&payload=%7B%7D")]
    public void No_payload_or_two_is_none(string body)
    {
        Assert.Null(SlackForm.Single(Encoding.UTF8.GetBytes(body), "payload"));
    }
}
