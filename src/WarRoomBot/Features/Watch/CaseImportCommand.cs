using System.Data.Common;
using System.Globalization;
using System.Text;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.Watch;

/// <summary>
/// <c>cases import &lt;file.csv&gt;</c>: the support desk's cases for the watch list (issue 15) from a CSV export, into the
/// store the bot's own configuration names. Read by the same rules as <c>POST /support/cases</c>; a file with any bad line
/// stores nothing, and every bad line is named with its number.
/// </summary>
public static class CaseImportCommand
{
    public const string Usage =
        "usage: cases import <file.csv>, e.g. cases import cases.csv. The first line names the columns id,customer,priority,opened,closed "
        + "(in any order; other columns are ignored); a field holding a comma is quoted, with a quote inside doubled.";

    private const string Prefix = "WarRoomBot cases import: ";

    private static readonly string[] Columns = ["id", "customer", "priority", "opened", "closed"];

    /// <summary>Runs the command on the store the configuration names, as the bot would open it, without building the bot.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken ct) =>
        RunAsync(args, () =>
        {
            // The bot's own configuration, read as the bot reads it (settings files, environment, user secrets), but no host.
            var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
            var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            return (ISupportCaseStore)StorageServiceCollectionExtensions.OpenCrisisStore(
                storage.Provider, storage.ConnectionString, builder.Environment.ContentRootPath, TimeProvider.System, () => ClockPolicy.Default,
                $"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}", storage.CheckpointPages);
        }, output, errors, ct);

    /// <summary>
    /// Runs the command; returns the process exit code: 0 imported, 1 nothing imported (a bad line, a file or store that
    /// cannot be read), 2 not the command. <paramref name="openStore"/> is called only once the whole file has been read
    /// without a problem. Every problem is a line on <paramref name="errors"/>.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<ISupportCaseStore> openStore, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openStore);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (args is not ["import", var file])
        {
            await errors.WriteLineAsync(Prefix + Usage);
            return 2;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, Encoding.UTF8, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{Prefix}{file} cannot be read: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }

        var (cases, problems, read) = Parse(text);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
                await errors.WriteLineAsync($"{Prefix}{file} {problem}");
            await errors.WriteLineAsync(read == 0
                ? $"{Prefix}nothing imported."
                : string.Create(CultureInfo.InvariantCulture,
                    $"{Prefix}nothing imported: {problems.Count} of {read} {(read == 1 ? "line is" : "lines are")} not valid. Fix them and import the whole file again."));
            return 1;
        }

        ISupportCaseStore? store = null;
        try
        {
            store = openStore();
            var import = await store.UpsertAsync(cases, ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Imported {Cases(import.Added + import.Updated)} from {file}: {import.Added} added, {import.Updated} updated."));
            return 0;
        }
        catch (StoreUnavailableException e)
        {
            await errors.WriteLineAsync(Prefix + e.Message);
            return 1;
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            // The batch is one transaction, so a store that fails while storing it keeps none of it.
            await errors.WriteLineAsync($"{Prefix}nothing imported: the store failed: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private static string Cases(int count) => count == 1 ? "1 case" : string.Create(CultureInfo.InvariantCulture, $"{count} cases");

    /// <summary>
    /// The cases of a CSV file, or every problem with it, each starting "line N" (the line a record starts on), and how many
    /// records were read. Blank lines are skipped.
    /// </summary>
    private static (IReadOnlyList<SupportCase> Cases, List<string> Problems, int Read) Parse(string text)
    {
        var records = Records(text);
        if (records.Count == 0 || records[0].Fields is not { } header)
            return ([], [$"has no header line: {Usage}"], 0);

        var names = header.Select(n => n.Trim().ToLowerInvariant()).ToList();
        var missing = Columns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return ([], [string.Create(CultureInfo.InvariantCulture,
                $"line {records[0].Line}: the header has no column {string.Join(", ", missing)}: the first line names the columns id,customer,priority,opened,closed")], 0);
        }

        var column = Columns.ToDictionary(c => c, c => names.IndexOf(c));
        var rows = records.Skip(1).ToList();
        var problems = new List<(int Line, string Problem)>();
        var reports = new List<CaseReport>();
        var lines = new List<int>();
        foreach (var (line, fields, broken) in rows)
        {
            if (broken is not null || fields!.Count != names.Count)
            {
                problems.Add((line, string.Create(CultureInfo.InvariantCulture,
                    $"line {line}: {broken ?? $"has {fields!.Count} fields where the header has {names.Count}: quote a field that holds a comma, e.g. \"Acme, Inc.\""}")));
                continue;
            }

            reports.Add(new CaseReport(fields[column["id"]], fields[column["customer"]], fields[column["priority"]], fields[column["opened"]], fields[column["closed"]]));
            lines.Add(line);
        }

        var (cases, wrong) = SupportCaseInput.Read(reports, i => lines[i]);
        problems.AddRange(wrong.Select(p => (p.At, string.Create(CultureInfo.InvariantCulture,
            $"line {p.At}{(p.Id is null ? "" : $" ({p.Id})")}: {string.Join("; ", p.Problems)}"))));
        return (cases, [.. problems.OrderBy(p => p.Line).Select(p => p.Problem)], rows.Count);
    }

    /// <summary>
    /// RFC 4180 records: fields split by commas, a quoted field may hold commas, line breaks and doubled quotes. A record
    /// whose quote never closes is broken, with the reason.
    /// </summary>
    private static List<(int Line, List<string>? Fields, string? Broken)> Records(string text)
    {
        var records = new List<(int, List<string>?, string?)>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            string? broken = null;
            var blank = true;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        if (c == '\n')
                            line++;
                        field.Append(c);
                    }

                    continue;
                }

                if (c == '\n')
                {
                    i++;
                    line++;
                    break;
                }

                if (c == '\r')
                    continue;
                blank = blank && char.IsWhiteSpace(c);
                if (c == '"' && field.ToString().Trim().Length == 0)
                {
                    field.Clear();
                    quoted = true;
                    blank = false;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    blank = false;
                }
                else
                {
                    field.Append(c);
                }
            }

            if (quoted)
                broken = "a quoted field is never closed: end it with a quote, and double a quote inside it (\"\")";
            fields.Add(field.ToString());
            if (!blank)
                records.Add((start, broken is null ? fields : null, broken));
        }

        return records;
    }
}
