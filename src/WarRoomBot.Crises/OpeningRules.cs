namespace WarRoomBot.Crises;

/// <summary>A request to open a crisis, with everything the edge resolved (who, where, which policy).</summary>
public sealed record OpenCrisis(
    string Title,
    Severity Severity,
    string? Customer,
    UserId? Owner,
    UserId OpenedBy,
    ChannelId? OpenedIn,
    string? ReplyTo,
    ValueList<UserId> Responders,
    ValueList<UserId> Executives,
    bool BusinessChannelIsPrivate);

/// <summary>Playbook §2 and §3: opening takes one command, and the crisis has exactly one owner from the start.</summary>
public static class OpeningRules
{
    public const int MaxTitleLength = 150;
    public const int MaxCustomerLength = 80;

    public static Decision Open(OpenCrisis command, UpdateCadence cadence, DateTimeOffset now)
    {
        var title = command.Title.Trim();
        if (title.Length == 0)
            return Decision.Reject("A crisis needs a title that says what the customer is suffering, e.g. `Checkout freezes at 300 stores`.");
        if (title.Length > MaxTitleLength)
            return Decision.Reject($"The title is {title.Length} characters; keep it under {MaxTitleLength} so it fits a channel header. Put the detail in the technical channel.");
        var customer = string.IsNullOrWhiteSpace(command.Customer) ? null : command.Customer.Trim();
        if (customer is { Length: > MaxCustomerLength })
            return Decision.Reject($"The customer name is {customer.Length} characters; keep it under {MaxCustomerLength}.");
        if (string.IsNullOrEmpty(command.OpenedBy.Value))
            return Decision.Reject("Slack did not say who opened the crisis, so it has no owner. Try again.");

        // Playbook §3: the owner is one named person. The kickoff mentions the owner and the opener, so an id that is not a
        // Slack user would name nobody, or notify a whole channel.
        if (!command.OpenedBy.IsWellFormed)
            return Decision.Reject("Slack named the opener with something that is not a Slack user id, so the crisis would have no owner. Try again.");
        if (command.Owner is { IsWellFormed: false })
            return Decision.Reject("The owner must be one person picked from Slack's @ list; what was given is not a Slack user id.");

        var owner = command.Owner ?? command.OpenedBy;
        return Decision.Accept(new CrisisEvent.Opened(
            title,
            command.Severity,
            customer,
            owner,
            command.OpenedBy,
            command.OpenedIn,
            command.ReplyTo,
            new(command.Responders.Where(u => u != owner).Distinct()),
            new(command.Executives.Where(u => u != owner).Distinct()),
            command.BusinessChannelIsPrivate,
            now + cadence.For(command.Severity),
            now));
    }
}
