using System.Diagnostics;
using WarRoomBot.Crises;
using WarRoomBot.Features.Watch;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// <c>cases import &lt;file.csv&gt;</c> as an operator runs it (issue 15): what it prints, its exit code, and the support
/// cases the watch list then finds in the store.
/// </summary>
public sealed class CaseImportCommandTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Nov20 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private const string Header = "id,customer,priority,opened,closed";

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-cases-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Database => Path.Combine(folder, "warroom.litedb");

    [Fact]
    public async Task A_file_with_quoted_fields_is_imported_a_known_id_updated_and_the_counts_printed()
    {
        await SeedAsync(Database);
        var file = await CsvAsync(
            "customer,id,opened,closed,priority,owner",
            "\"Acme, Inc.\",CS-1,2026-11-20T09:00:00Z,2026-11-22T10:00:00+01:00,P2,Dana",
            "",
            "\"The \"\"Big\"\" Store\",CS-2,2026-11-21T09:00:00Z,,1,",
            "Globex,CS-3,2026-11-23T08:30:00-05:00,,p4,Eve");

        var run = await ImportAsync(file);

        Assert.Equal((0, ""), (run.ExitCode, run.Errors));
        Assert.Equal([$"Imported 3 cases from {file}: 2 added, 1 updated."], run.Lines);
        Assert.Equal(
            [
                new SupportCase("CS-1", "Acme, Inc.", CasePriority.P2, Nov20, new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)),
                new SupportCase("CS-2", "The \"Big\" Store", CasePriority.P1, Nov20.AddDays(1), null),
                new SupportCase("CS-3", "Globex", CasePriority.P4, new DateTimeOffset(2026, 11, 23, 13, 30, 0, TimeSpan.Zero), null),
            ],
            await StoredAsync(Database));
    }

    [Fact]
    public async Task Every_bad_line_is_named_with_its_number_and_what_is_wrong_and_nothing_is_imported()
    {
        var seeded = await SeedAsync(Database);
        var file = await CsvAsync(
            Header,
            "CS-1,Acme Retail,1,2026-11-20T09:00:00Z,2026-11-25T09:00:00Z",
            "CS-7,Acme Retail,urgent,20/11/2026,",
            ",Globex,2,2026-11-20T09:00:00Z,",
            "CS-9,Globex,3,2026-11-20T09:00:00Z,2026-11-19T09:00:00Z",
            "CS-10,Acme, Inc.,2,2026-11-20T09:00:00Z",
            "CS-11,Initech,2",
            "CS-13,Acme, Inc.,2,2026-11-20T09:00:00Z,",
            "CS-12,\"Initech,2,2026-11-20T09:00:00Z,");

        var run = await ImportAsync(file);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Lines);
        Assert.Equal(
            [
                $"WarRoomBot cases import: {file} line 3 (CS-7): priority 'urgent' is not a priority: give 1 to 4 or P1 to P4 (1 is the most urgent); "
                + "opened '20/11/2026' is not a date: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00",
                $"WarRoomBot cases import: {file} line 4: id is missing: give the support desk's case id, e.g. CS-1",
                $"WarRoomBot cases import: {file} line 5 (CS-9): closed '2026-11-19T09:00:00Z' is before opened '2026-11-20T09:00:00Z': a case closes after it opens",
                $"WarRoomBot cases import: {file} line 6 (CS-10): priority 'Inc.' is not a priority: give 1 to 4 or P1 to P4 (1 is the most urgent); "
                + "opened '2' is not a date: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00",
                $"WarRoomBot cases import: {file} line 7: has 3 fields where the header has 5: quote a field that holds a comma, e.g. \"Acme, Inc.\"",
                $"WarRoomBot cases import: {file} line 8: has 6 fields where the header has 5: quote a field that holds a comma, e.g. \"Acme, Inc.\"",
                $"WarRoomBot cases import: {file} line 9: a quoted field is never closed: end it with a quote, and double a quote inside it (\"\")",
                "WarRoomBot cases import: nothing imported: 7 of 8 lines are not valid. Fix them and import the whole file again.",
            ],
            run.Errors.Split(Environment.NewLine));
        Assert.Equal(seeded, await StoredAsync(Database));
    }

    [Fact]
    public async Task A_header_without_the_columns_is_refused_naming_the_missing_ones()
    {
        var file = await CsvAsync("id,name,priority,opened", "CS-1,Acme Retail,1,2026-11-20T09:00:00Z");

        var run = await ImportAsync(file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"WarRoomBot cases import: {file} line 1: the header has no column customer, closed: the first line names the columns id,customer,priority,opened,closed"
            + Environment.NewLine + "WarRoomBot cases import: nothing imported.",
            run.Errors);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData]
    [InlineData("import")]
    [InlineData("export", "cases.csv")]
    [InlineData("import", "a.csv", "b.csv")]
    public async Task A_command_that_is_not_an_import_of_one_file_gets_the_usage_line_and_opens_nothing(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());

        var code = await CaseImportCommand.RunAsync(args, () => throw new InvalidOperationException("not reached"), output, errors, None);

        Assert.Equal(2, code);
        Assert.Equal($"WarRoomBot cases import: {CaseImportCommand.Usage}{Environment.NewLine}", errors.ToString());
        Assert.StartsWith("usage: cases import <file.csv>", CaseImportCommand.Usage);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_named_with_its_cause()
    {
        var file = Path.Combine(folder, "missing.csv");

        var run = await ImportAsync(file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"WarRoomBot cases import: {file} cannot be read: Could not find file '{file}'.", run.Errors);
    }

    [PostgresFact]
    public async Task The_import_keeps_the_same_cases_on_postgresql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var file = await CsvAsync(Header, "CS-1,Acme Retail,1,2026-11-20T09:00:00Z,", "CS-2,Globex,P3,2026-11-21T09:00:00Z,2026-11-21T12:00:00Z");
        var (output, errors) = (new StringWriter(), new StringWriter());

        var first = await CaseImportCommand.RunAsync(["import", file], () => Postgres(database), output, errors, None);
        var again = await CaseImportCommand.RunAsync(["import", file], () => Postgres(database), output, errors, None);

        Assert.Equal((0, 0, ""), (first, again, errors.ToString()));
        Assert.Equal(
            [$"Imported 2 cases from {file}: 2 added, 0 updated.", $"Imported 2 cases from {file}: 0 added, 2 updated."],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var store = Postgres(database);
        Assert.Equal(
            [
                new SupportCase("CS-1", "Acme Retail", CasePriority.P1, Nov20, null),
                new SupportCase("CS-2", "Globex", CasePriority.P3, Nov20.AddDays(1), Nov20.AddDays(1).AddHours(3)),
            ],
            (await store.RecentOrOpenAsync(DateTimeOffset.MinValue, None)).OrderBy(c => c.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_built_bot_imports_into_the_store_its_configuration_names_as_its_own_process()
    {
        var file = await CsvAsync(Header, "CS-1,Acme Retail,1,2026-11-20T09:00:00Z,");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll"), "cases", "import", file })
            start.ArgumentList.Add(argument);
        start.Environment["Storage__ConnectionString"] = Path.Combine(folder, "configured.litedb");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(patience.Token);

        Assert.Equal((0, ""), (process.ExitCode, await errors));
        Assert.Equal($"Imported 1 case from {file}: 1 added, 0 updated.\n", (await output).ReplaceLineEndings("\n"));
        Assert.Equal([new SupportCase("CS-1", "Acme Retail", CasePriority.P1, Nov20, null)], await StoredAsync(Path.Combine(folder, "configured.litedb")));
    }

    private static PostgresCrisisStore Postgres(PostgresTestDatabase database) =>
        new(database.ConnectionString, TimeProvider.System, () => ClockPolicy.Default);

    private static LiteDbCrisisStore Lite(string file) => new(file, TimeProvider.System, () => ClockPolicy.Default);

    /// <summary>One case already stored, as an earlier import left it.</summary>
    private static async Task<SupportCase[]> SeedAsync(string file)
    {
        SupportCase[] seeded = [new("CS-1", "Acme Retail", CasePriority.P1, Nov20, null)];
        using var store = Lite(file);
        await store.UpsertAsync(seeded, None);
        return seeded;
    }

    private static async Task<SupportCase[]> StoredAsync(string file)
    {
        using var store = Lite(file);
        return [.. (await store.RecentOrOpenAsync(DateTimeOffset.MinValue, None)).OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    private async Task<string> CsvAsync(params string[] lines)
    {
        var file = Path.Combine(folder, "cases.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n", lines) + "\r\n");
        return file;
    }

    private async Task<ImportRun> ImportAsync(string file)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await CaseImportCommand.RunAsync(["import", file], () => Lite(Database), output, errors, None);
        return new ImportRun(code, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), errors.ToString().TrimEnd());
    }

    private sealed record ImportRun(int ExitCode, string[] Lines, string Errors);
}
