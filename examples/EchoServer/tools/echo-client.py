#!/usr/bin/env python3
"""Echo protocol (RFC 862) client that checks what comes back, byte for byte.

  echo-client.py tcp HOST [--port 7] [--bytes N] [--connections K] [--abort] [--timeout S]
  echo-client.py udp HOST [--port 7] [--message TEXT] [--count N] [--timeout S]

tcp: K connections at once, each sends N pseudo-random bytes, half-closes (FIN), reads until the
server's FIN and compares. --abort: each connection sends N bytes and resets (RST) without
reading, then one more connection must still echo. Prints one summary line; exit status 0 only if
every byte matched.
"""
import argparse
import random
import selectors
import socket
import struct
import sys
import time


def fail(message):
    print("echo-client: " + message, file=sys.stderr)
    sys.exit(1)


def tcp_echo(host, port, sizes, timeout):
    deadline = time.monotonic() + timeout
    sel = selectors.DefaultSelector()
    conns = []
    for i, size in enumerate(sizes):
        data = random.Random(1000 + i).randbytes(size)
        s = socket.create_connection((host, port), timeout=max(1.0, deadline - time.monotonic()))
        s.setblocking(False)
        c = {"sock": s, "data": data, "sent": 0, "got": bytearray(), "eof": False, "index": i}
        conns.append(c)
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
    open_count = len(conns)
    while open_count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            done = ", ".join(f"#{c['index']}: sent {c['sent']} got {len(c['got'])}" for c in conns)
            fail(f"tcp: timed out after {timeout}s ({done})")
        for key, events in sel.select(timeout=min(remaining, 1.0)):
            c = key.data
            s = c["sock"]
            if events & selectors.EVENT_WRITE and c["sent"] < len(c["data"]):
                c["sent"] += s.send(c["data"][c["sent"]:c["sent"] + 65536])
                if c["sent"] == len(c["data"]):
                    s.shutdown(socket.SHUT_WR)
                    sel.modify(s, selectors.EVENT_READ, c)
            if events & selectors.EVENT_READ:
                chunk = s.recv(65536)
                if chunk:
                    c["got"] += chunk
                else:
                    c["eof"] = True
                    sel.unregister(s)
                    s.close()
                    open_count -= 1
    for c in conns:
        if bytes(c["got"]) != c["data"]:
            mismatch = next((i for i, (a, b) in enumerate(zip(c["got"], c["data"])) if a != b), min(len(c["got"]), len(c["data"])))
            fail(f"tcp: connection #{c['index']}: got {len(c['got'])} of {len(c['data'])} bytes, first difference at {mismatch}")
    return sum(sizes)


def tcp_abort(host, port, size, count, timeout):
    for i in range(count):
        s = socket.create_connection((host, port), timeout=timeout)
        s.sendall(random.Random(i).randbytes(size))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()  # RST
    time.sleep(0.5)
    return tcp_echo(host, port, [size], timeout)


def udp_echo(host, port, message, count, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    deadline = time.monotonic() + timeout
    payload = message.encode()
    got = 0
    while got < count:
        if time.monotonic() > deadline:
            fail(f"udp: {got} of {count} replies within {timeout}s")
        s.sendto(payload, (host, port))
        try:
            reply, peer = s.recvfrom(65536)
        except socket.timeout:
            continue  # lost (e.g. while ARP resolves): send again
        if reply != payload or peer[1] != port:
            fail(f"udp: reply {reply!r} from {peer} does not match {payload!r}")
        got += 1
    return payload


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["tcp", "udp"])
    p.add_argument("host")
    p.add_argument("--port", type=int, default=7)
    p.add_argument("--bytes", type=int, default=1024)
    p.add_argument("--connections", type=int, default=1)
    p.add_argument("--abort", action="store_true")
    p.add_argument("--message", default="hello over udp")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60.0)
    a = p.parse_args()
    try:
        if a.mode == "udp":
            payload = udp_echo(a.host, a.port, a.message, a.count, a.timeout)
            print(f"udp ok: {a.count} x {payload.decode()!r} echoed")
        elif a.abort:
            total = tcp_abort(a.host, a.port, a.bytes, a.connections, a.timeout)
            print(f"tcp ok: {a.connections} connections reset, then {total} bytes echoed on a new one")
        else:
            started = time.monotonic()
            total = tcp_echo(a.host, a.port, [a.bytes] * a.connections, a.timeout)
            seconds = time.monotonic() - started
            print(f"tcp ok: {a.connections} connection(s), {total} bytes echoed byte for byte"
                  f" in {seconds:.2f} s ({total / 1024 / max(seconds, 1e-6):.0f} KiB/s each way)")
    except OSError as e:
        fail(f"{a.mode}: {e}")


if __name__ == "__main__":
    main()
