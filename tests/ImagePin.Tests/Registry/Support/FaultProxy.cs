using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImagePin.Tests.Registry.Support;

/// <summary>A request as the proxy received it: 1-based <paramref name="Index"/> in arrival order.</summary>
internal sealed record ProxyRequest(int Index, string Method, string Path, IReadOnlyList<(string Name, string Value)> Headers)
{
    public bool IsManifest => Path.Contains("/manifests/", StringComparison.Ordinal);
}

/// <summary>A response the proxy sends (from the upstream registry, rewritten, or made up).</summary>
internal sealed record ProxyResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public ProxyResponse WithHeader(string name, string? value) => this with
    {
        Headers = [.. Headers.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)), .. value is null ? [] : new[] { (name, value) }],
    };

    public static ProxyResponse Plain(int status, params (string, string)[] headers) => new(status, headers, []);
}

/// <summary>What the proxy does with one request.</summary>
internal abstract record Fault
{
    /// <summary>Forward unchanged.</summary>
    public static readonly Fault None = new Forward(null, TimeSpan.Zero);

    /// <summary>Forward, then change the upstream's answer before sending it on.</summary>
    public static Fault Rewrite(Func<ProxyResponse, ProxyResponse> change) => new Forward(change, TimeSpan.Zero);

    /// <summary>Wait, then forward.</summary>
    public static Fault Delay(TimeSpan wait) => new Forward(null, wait);

    /// <summary>Answer without asking the registry.</summary>
    public static Fault Answer(ProxyResponse response) => new Canned(response);

    /// <summary>Close the connection with a TCP reset, answering nothing.</summary>
    public static readonly Fault Reset = new ResetConnection();

    public sealed record Forward(Func<ProxyResponse, ProxyResponse>? Change, TimeSpan Wait) : Fault;

    public sealed record Canned(ProxyResponse Response) : Fault;

    public sealed record ResetConnection : Fault;
}

/// <summary>
/// A minimal HTTP/1.1 forwarder on a real loopback socket in front of a test registry, for the faults registries
/// will not produce on demand: every request is decided by a rule (forward, rewrite headers or body, delay, reset,
/// answer 429/503/500…), and counted. One request per connection (<c>Connection: close</c> both ways), which HTTP
/// clients handle as a normal server's choice. Anything that is not an HTTP request (imagepin's TLS probe of a
/// loopback registry) is answered 400, as the registry itself does, and not counted.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly string _upstream;
    private readonly Func<ProxyRequest, Fault> _rule;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _count;

    /// <param name="upstream">host:port of a plain-HTTP registry.</param>
    public FaultProxy(string upstream, Func<ProxyRequest, Fault> rule)
    {
        _upstream = upstream;
        _rule = rule;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Authority = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>host:port to give imagepin instead of the registry's.</summary>
    public string Authority { get; }

    /// <summary>Every HTTP request received, in order.</summary>
    public ConcurrentQueue<ProxyRequest> Requests { get; } = new();

    public int Count(Func<ProxyRequest, bool>? which = null) => Requests.Count(which ?? (_ => true));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        var ct = _stop.Token;
        try
        {
            var (head, body) = await ReadMessageAsync(client, isResponse: false, headRequest: false, ct);
            if (head is null || !TryParseRequestLine(head[0], out var method, out var path))
            {
                await SendAsync(client, ProxyResponse.Plain(400), headRequest: false, ct);
                return;
            }
            var request = new ProxyRequest(Interlocked.Increment(ref _count), method, path, Headers(head));
            Requests.Enqueue(request);
            switch (_rule(request))
            {
                case Fault.ResetConnection:
                    client.LingerState = new LingerOption(true, 0); // close() sends RST
                    return;
                case Fault.Canned canned:
                    await SendAsync(client, canned.Response, method == "HEAD", ct);
                    return;
                case Fault.Forward forward:
                    if (forward.Wait > TimeSpan.Zero) await Task.Delay(forward.Wait, ct);
                    var response = await ForwardAsync(head, body, method == "HEAD", ct);
                    await SendAsync(client, forward.Change?.Invoke(response) ?? response, method == "HEAD", ct);
                    return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (a timeout on its side) or the proxy is stopping.
        }
    }

    private async Task<ProxyResponse> ForwardAsync(List<string> head, byte[] body, bool headRequest, CancellationToken ct)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var colon = _upstream.LastIndexOf(':');
        await upstream.ConnectAsync(IPAddress.Parse(_upstream[..colon]), int.Parse(_upstream[(colon + 1)..]), ct);
        var text = new StringBuilder(head[0]).Append("\r\n");
        foreach (var line in head.Skip(1))
        {
            var name = line[..Math.Max(0, line.IndexOf(':'))];
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
            text.Append(line).Append("\r\n");
        }
        text.Append("Host: ").Append(_upstream).Append("\r\nConnection: close\r\n\r\n");
        await upstream.SendAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
        if (body.Length > 0) await upstream.SendAsync(body, ct);
        var (responseHead, responseBody) = await ReadMessageAsync(upstream, isResponse: true, headRequest, ct);
        if (responseHead is null) throw new IOException("the registry closed the connection without answering");
        var status = int.Parse(responseHead[0].Split(' ')[1]);
        // Framing is the proxy's own on the way back.
        var headers = Headers(responseHead).Where(h => !h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && !h.Name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
            && (headRequest || !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))).ToList();
        return new ProxyResponse(status, headers, responseBody);
    }

    private static async Task SendAsync(Socket socket, ProxyResponse response, bool headRequest, CancellationToken ct)
    {
        var text = new StringBuilder($"HTTP/1.1 {response.Status} {ReasonOf(response.Status)}\r\n");
        foreach (var (name, value) in response.Headers) text.Append(name).Append(": ").Append(value).Append("\r\n");
        if (response.Header("Content-Length") is null) text.Append("Content-Length: ").Append(response.Body.Length).Append("\r\n");
        text.Append("Connection: close\r\n\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
        if (!headRequest && response.Body.Length > 0) await socket.SendAsync(response.Body, ct);
        socket.Shutdown(SocketShutdown.Send);
    }

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 404 => "Not Found", 429 => "Too Many Requests", 500 => "Internal Server Error",
        503 => "Service Unavailable", _ => "Status",
    };

    /// <summary>Head lines (without CRLF) and the body: by Content-Length, chunked, or (responses) to the end of the stream.</summary>
    private static async Task<(List<string>? Head, byte[] Body)> ReadMessageAsync(Socket socket, bool isResponse, bool headRequest, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var chunk = new byte[16 * 1024];
        int end;
        while ((end = IndexOfBlankLine(buffer)) < 0)
        {
            if (buffer.Count > MaxHeadBytes) return (null, []);
            // Not text: a TLS ClientHello (0x16) or other bytes; answered 400 at once, as a plain-HTTP registry does.
            if (buffer.Count > 0 && !isResponse && !char.IsAsciiLetterUpper((char)buffer[0])) return (null, []);
            var n = await socket.ReceiveAsync(chunk, ct);
            if (n == 0) return (null, []);
            buffer.AddRange(chunk.AsSpan(0, n));
        }
        var headText = Encoding.Latin1.GetString(buffer.GetRange(0, end).ToArray());
        var head = headText.Split("\r\n").ToList();
        var rest = buffer.Skip(end + 4).ToList();
        if (headRequest) return (head, []);
        var headers = Headers(head);
        var length = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        var chunked = headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (length is null && !chunked && !isResponse) return (head, []);
        var all = new List<byte>(rest);
        while (length is null || all.Count < long.Parse(length))
        {
            if (chunked && Dechunk(all) is { } done) return (head, done);
            var n = await socket.ReceiveAsync(chunk, ct);
            if (n == 0) break;
            all.AddRange(chunk.AsSpan(0, n));
        }
        return (head, chunked ? Dechunk(all) ?? [.. all] : [.. all]);
    }

    /// <summary>The decoded body once the last chunk has arrived, else null.</summary>
    private static byte[]? Dechunk(List<byte> data)
    {
        var bytes = data.ToArray();
        var body = new List<byte>();
        var at = 0;
        while (true)
        {
            var lineEnd = IndexOf(bytes, at, "\r\n"u8);
            if (lineEnd < 0) return null;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, lineEnd - at).Split(';')[0].Trim(), 16);
            at = lineEnd + 2;
            if (size == 0) return [.. body];
            if (bytes.Length < at + size + 2) return null;
            body.AddRange(bytes.AsSpan(at, size));
            at += size + 2;
        }
    }

    private static int IndexOfBlankLine(List<byte> buffer) => IndexOf(buffer.ToArray(), 0, "\r\n\r\n"u8);

    private static int IndexOf(byte[] bytes, int from, ReadOnlySpan<byte> what)
    {
        var i = bytes.AsSpan(from).IndexOf(what);
        return i < 0 ? -1 : from + i;
    }

    private static bool TryParseRequestLine(string line, out string method, out string path)
    {
        var parts = line.Split(' ');
        method = parts[0];
        path = parts.Length == 3 ? parts[1] : "";
        return parts.Length == 3 && parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) && method.All(char.IsAsciiLetterUpper);
    }

    private static List<(string Name, string Value)> Headers(List<string> head) =>
        head.Skip(1).Where(l => l.Contains(':')).Select(l => (l[..l.IndexOf(':')].Trim(), l[(l.IndexOf(':') + 1)..].Trim())).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
