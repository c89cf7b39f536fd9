#!/usr/bin/env python3
"""A TCP forwarder that adds a fixed latency to every request: each chunk a client sends (an HTTP request's head;
imagepin's requests have no body) waits DELAY_MS before it goes to the registry. Counts the chunks that start with an
HTTP method. Standard library only. Stops itself after MAX_SECONDS.
Usage: latency-proxy.py LISTEN_PORT UPSTREAM_HOST:PORT DELAY_MS COUNT_FILE [MAX_SECONDS]
"""
import asyncio
import sys

listen_port, upstream, delay_ms, count_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
max_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 3600
up_host, up_port = upstream.rsplit(":", 1)
requests = 0
METHODS = (b"GET ", b"HEAD ", b"POST ", b"PUT ", b"DELETE ", b"PATCH ")


async def pipe(reader, writer, delay):
    global requests
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if delay:
                if data.startswith(METHODS):
                    requests += 1
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def serve(client_reader, client_writer):
    try:
        up_reader, up_writer = await asyncio.open_connection(up_host, int(up_port))
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, up_writer, delay_ms / 1000), pipe(up_reader, client_writer, 0))


async def report():
    while True:
        with open(count_file, "w") as f:
            f.write(f"{requests}\n")
        await asyncio.sleep(0.5)


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", listen_port, backlog=512)
    asyncio.ensure_future(report())
    async with server:
        await asyncio.sleep(max_seconds)


asyncio.run(main())
