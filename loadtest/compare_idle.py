#!/usr/bin/env python3
"""compare_idle.py: hold N idle SMTP connections open against HOST:PORT, for loadtest/compare's workload (e).

Each connection is opened (plain, or implicit TLS with the handshake finished), reads the 220 greeting and then sits
idle. When all are up it prints "ready N" and holds them until SIGTERM arrives, then closes them.
At most PARALLEL connects/handshakes are in flight at once so the server's handshake timeout is not hit.

    compare_idle.py 127.0.0.1 2525 10000 plain|tls
"""
import asyncio
import signal
import ssl
import sys

PARALLEL = 200
STEP_TIMEOUT = 30


async def open_one(host, port, context, gate, held):
    async with gate:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=context, server_hostname=host if context else None),
            STEP_TIMEOUT)
        line = await asyncio.wait_for(reader.readline(), STEP_TIMEOUT)
        if not line.startswith(b"220"):
            raise RuntimeError(f"greeting was {line!r}")
        held.append(writer)


async def main():
    host, port, count, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    context = None
    if mode == "tls":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    gate = asyncio.Semaphore(PARALLEL)
    held = []
    results = await asyncio.gather(*(open_one(host, port, context, gate, held) for _ in range(count)),
                                   return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print(f"failed {len(failures)} of {count}: {failures[0]!r}", flush=True)
    print(f"ready {len(held)}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    for writer in held:
        writer.transport.abort()


if __name__ == "__main__":
    asyncio.run(main())
