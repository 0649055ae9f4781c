using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The network between one replica and a server it talks to (PostgreSQL, Slack), on loopback. <see cref="Kill"/> is what
/// the rest of the world sees when the replica's process dies: every open connection is reset at once and no new one is
/// accepted, so PostgreSQL ends the replica's sessions (freeing their advisory locks) and a call in flight may or may not
/// have been carried out. <see cref="WithholdAnswersTo"/> lets chosen HTTP requests through and keeps their answers, so
/// the replica is caught inside calls whose outcome it cannot know, as at the moment of a crash.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly Lock gate = new();
    private readonly HashSet<Socket> open = [];
    private readonly List<Task> relays = [];
    private readonly SemaphoreSlim answerWithheld = new(0);
    private readonly Task accepting;
    private byte[][] withheldRequests = [];
    private bool killed;
    private int withheld;

    private TcpProxy(IPEndPoint target)
    {
        this.target = target;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many requests were carried out by the server and their answers kept from the client.</summary>
    public int Withheld => Volatile.Read(ref withheld);

    /// <summary>Starts relaying to <paramref name="host"/> (an address, e.g. 127.0.0.1) and <paramref name="port"/>.</summary>
    public static TcpProxy To(string host, int port) => new(new IPEndPoint(IPAddress.Parse(host), port));

    /// <summary>
    /// From now on, HTTP/1.1 requests whose request line starts with one of <paramref name="requestLines"/> (e.g.
    /// <c>POST /api/chat.postMessage </c>) reach the server, and their answers never reach the client. HttpClient writes
    /// each request's head in one piece and sends nothing more on a connection until it is answered, so the first bytes
    /// of a write are a request line and a connection that is kept waiting carries no other request.
    /// </summary>
    public void WithholdAnswersTo(params string[] requestLines)
    {
        lock (gate)
            withheldRequests = [.. requestLines.Select(Encoding.ASCII.GetBytes)];
    }

    /// <summary>Completes once <paramref name="count"/> answers have been withheld in all.</summary>
    public async Task WaitForWithheldAsync(int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
            await answerWithheld.WaitAsync(ct);
        answerWithheld.Release(count);
    }

    /// <summary>Resets every open connection in both directions and refuses new ones from now on.</summary>
    public void Kill()
    {
        lock (gate)
        {
            killed = true;
            listener.Stop();
            foreach (var socket in open)
                Reset(socket);
            open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await accepting;
        Task[] running;
        lock (gate)
            running = [.. relays];
        await Task.WhenAll(running);
        answerWithheld.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Killed: the listener is stopped, and connecting now is refused.
                return;
            }

            lock (gate)
                relays.Add(RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(target);
        }
        catch (SocketException)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        lock (gate)
        {
            if (killed)
            {
                Reset(client);
                Reset(server);
                return;
            }

            open.Add(client);
            open.Add(server);
        }

        var connection = new Connection();
        await Task.WhenAll(PumpAsync(client, server, connection, toServer: true), PumpAsync(server, client, connection, toServer: false));
        lock (gate)
        {
            open.Remove(client);
            open.Remove(server);
        }

        client.Dispose();
        server.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, Connection connection, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (toServer && IsWithheld(buffer.AsSpan(0, read)))
                    connection.Withholding = true;

                if (!toServer && connection.Withholding)
                {
                    // The server answered, so it carried the request out; the client never hears of it.
                    if (!connection.Counted)
                    {
                        connection.Counted = true;
                        Interlocked.Increment(ref withheld);
                        answerWithheld.Release();
                    }

                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side is gone, or the proxy was killed: the connection dies as a whole, abruptly.
            Reset(from);
            Reset(to);
        }
    }

    private bool IsWithheld(ReadOnlySpan<byte> written)
    {
        byte[][] requests;
        lock (gate)
            requests = withheldRequests;
        foreach (var request in requests)
        {
            if (written.StartsWith(request))
                return true;
        }

        return false;
    }

    /// <summary>Closes with no lingering, so the peer sees a reset, not an orderly end.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
    }

    private sealed class Connection
    {
        public volatile bool Withholding;

        public bool Counted;
    }
}
