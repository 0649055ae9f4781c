using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The disk under the store, alone: a page of 8 KB written and flushed to disk (an fsync) at a steady rate, as the store's
/// writer does for a command at that rate, each into one of 500 pages of a file in the temporary folder. What this
/// machine's disk adds to every acknowledged write, and to the tail of the load runs, before the bot does anything.
/// </summary>
internal static class DiskRun
{
    public static Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var folder = Directory.CreateTempSubdirectory("warroom-disk-");
        try
        {
            using var file = new FileStream(Path.Combine(folder.FullName, "pages"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            var page = new byte[8192];
            Random.Shared.NextBytes(page);
            var count = rate * seconds;
            var flushes = new double[count];
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                // Each page is due at its place in the schedule, so a slow flush does not push the rest later.
                if (TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start) is var wait && wait > TimeSpan.Zero)
                    Thread.Sleep(wait);
                file.Position = i % 500 * page.Length;
                file.Write(page);
                var flushing = Stopwatch.GetTimestamp();
                file.Flush(flushToDisk: true);
                flushes[i] = Stopwatch.GetElapsedTime(flushing).TotalMilliseconds;
            }

            Array.Sort(flushes);
            Console.WriteLine($"An 8 KB page written and flushed to disk {rate} times a second for {seconds} s, cores {Environment.ProcessorCount}:");
            Console.WriteLine("| flush to disk | p50 | p90 | p99 | p99.9 | max | over 5 ms |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count:N0} | {Stats.Percentile(flushes, 0.5):F2} ms | {Stats.Percentile(flushes, 0.9):F2} ms | {Stats.Percentile(flushes, 0.99):F2} ms | " +
                $"{Stats.Percentile(flushes, 0.999):F2} ms | {flushes[^1]:F2} ms | {flushes.Count(f => f > 5)} |"));
            return Task.FromResult(0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
