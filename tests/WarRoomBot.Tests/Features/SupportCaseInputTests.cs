using WarRoomBot.Crises;
using WarRoomBot.Features.Watch;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The rules both ways in (<c>POST /support/cases</c> and <c>cases import</c>) read a support case by: the forms a desk writes
/// a priority and a time in, and the answer to each field that cannot be stored.
/// </summary>
public sealed class SupportCaseInputTests
{
    private static readonly DateTimeOffset Nov20 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1", CasePriority.P1)]
    [InlineData(" 4 ", CasePriority.P4)]
    [InlineData("P2", CasePriority.P2)]
    [InlineData("p3", CasePriority.P3)]
    public void A_priority_is_a_number_from_1_to_4_with_or_without_a_p(string written, CasePriority read)
    {
        Assert.Equal(new SupportCase("CS-1", "Acme Retail", read, Nov20, null), Read(priority: written));
    }

    [Theory]
    [InlineData("2026-11-20T09:00:00Z")]
    [InlineData("2026-11-20t09:00z")]
    [InlineData("2026-11-20T10:00:00.000+01:00")]
    [InlineData(" 2026-11-20T04:00:00-05:00 ")]
    public void A_time_is_iso_8601_with_its_offset_written_out(string written)
    {
        Assert.Equal(Nov20, Read(opened: written).Opened);
    }

    [Theory]
    [InlineData("P0", null, null, "priority 'P0' is not a priority: give 1 to 4 or P1 to P4 (1 is the most urgent)")]
    [InlineData("", null, null, "priority is missing: give 1 to 4 or P1 to P4 (1 is the most urgent)")]
    [InlineData(null, "2026-11-20", null, "opened '2026-11-20' has no offset: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00")]
    [InlineData(null, "2026-13-01T09:00:00Z", null, "opened '2026-13-01T09:00:00Z' is not a date: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00")]
    [InlineData(null, null, "yesterday", "closed 'yesterday' is not a date: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00, or leave it empty while the case is open")]
    public void A_field_that_cannot_be_read_is_answered_with_what_is_wrong_and_the_right_form(string? priority, string? opened, string? closed, string problem)
    {
        var (read, problems) = SupportCaseInput.Read(new CaseReport("CS-1", "Acme Retail", priority ?? "1", opened ?? "2026-11-20T09:00:00Z", closed));

        Assert.Null(read);
        Assert.Equal([problem], problems);
    }

    [Fact]
    public void An_id_or_customer_too_long_or_holding_a_line_break_is_refused_saying_so()
    {
        var (read, problems) = SupportCaseInput.Read(new CaseReport(new string('C', 101), "Acme\nRetail", "1", "2026-11-20T09:00:00Z", null));

        Assert.Null(read);
        Assert.Equal(
            ["id is 101 characters long: keep it to 100", "customer holds a line break or another control character: give the customer's name, e.g. Acme Retail"],
            problems);
        Assert.NotNull(SupportCaseInput.Read(new CaseReport(new string('C', 100), new string('A', 200), "1", "2026-11-20T09:00:00Z", null)).Case);
    }

    [Fact]
    public void A_long_wrong_value_is_quoted_only_in_part()
    {
        var (_, problems) = SupportCaseInput.Read(new CaseReport("CS-1", "Acme Retail", new string('x', 500), "2026-11-20T09:00:00Z", null));

        Assert.Equal([$"priority '{new string('x', 40)}…' is not a priority: give 1 to 4 or P1 to P4 (1 is the most urgent)"], problems);
    }

    private static SupportCase Read(string priority = "1", string opened = "2026-11-20T09:00:00Z") =>
        SupportCaseInput.Read(new CaseReport(" CS-1 ", " Acme Retail ", priority, opened, " ")).Case!;
}
