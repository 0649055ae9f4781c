using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Features.OpenCrisis;

namespace WarRoomBot.Tests.Slack;

public sealed class OpenCrisisFormTests
{
    private static readonly UserId Alice = new("U0ALICE");

    [Theory]
    [InlineData("""{"channel":7,"response_url":["x"]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public void An_origin_the_form_did_not_write_opens_the_crisis_answering_nowhere_instead_of_failing(string metadata)
    {
        var (request, errors) = OpenCrisisModal.Read(Submitted(metadata), Alice);

        Assert.Empty(errors);
        Assert.Equal("Checkout down", request!.Title);
        Assert.Null(request.In);
        Assert.Null(request.ReplyTo);
    }

    [Fact]
    public void The_origin_the_form_wrote_is_where_the_crisis_answers()
    {
        var (request, _) = OpenCrisisModal.Read(Submitted("""{"channel":"C0GENERAL","response_url":"https://hooks.slack.com/commands/T1/2/x"}"""), Alice);

        Assert.Equal(new ChannelId("C0GENERAL"), request!.In);
        Assert.Equal("https://hooks.slack.com/commands/T1/2/x", request.ReplyTo);
    }

    private static JsonElement Submitted(string metadata)
    {
        var view = new JsonObject
        {
            ["private_metadata"] = metadata,
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    [OpenCrisisModal.TitleBlock] = new JsonObject { ["value"] = new JsonObject { ["value"] = "Checkout down" } },
                },
            },
        };
        return JsonDocument.Parse(view.ToJsonString()).RootElement.Clone();
    }
}
