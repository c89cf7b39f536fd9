#!/usr/bin/env python3
"""A reference for `imagepin pin --dry-run` beside the compiled floor (floor-client.c): the same requests, in Python.

Reads image references (HOST:PORT/REPO:TAG, one a line) and asks the plain-HTTP registry for each one's digest with
one manifest GET (the Accept header imagepin sends), hashing the body and comparing it with the digest header, as
imagepin proves digests on registries other than Docker Hub (issue 11), over CONNECTIONS keep-alive connections in
parallel (imagepin keeps up to 6 per registry), printing "REFERENCE<TAB>sha256:…". No ping, no retries, no parsing of files, no TLS
probe: what is left is the registry's own time and the loopback round trips.
Usage: floor-client.py REFERENCES_FILE [CONNECTIONS]   (standard library only)
Prints on standard error the milliseconds from the first connection to the last response ("requests: N ms"): the
floor without the interpreter's own start, which on a loaded machine costs python more than imagepin's whole start.
"""
import hashlib
import http.client
import sys
import threading
import time

ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
])


def main():
    references = [line.strip() for line in open(sys.argv[1]) if line.strip()]
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    results = [None] * len(references)
    next_index = [0]
    lock = threading.Lock()

    def worker():
        conns = {}
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(references):
                break
            reference = references[i]
            host, rest = reference.split("/", 1)
            repo, tag = rest.rsplit(":", 1)
            conn = conns.get(host) or conns.setdefault(host, http.client.HTTPConnection(host, timeout=30))
            conn.request("GET", f"/v2/{repo}/manifests/{tag}", headers={"Accept": ACCEPT})
            response = conn.getresponse()
            body = response.read()
            digest = "sha256:" + hashlib.sha256(body).hexdigest()
            ok = response.status == 200 and response.getheader("Docker-Content-Digest", digest) == digest
            results[i] = digest if ok else "failed"
        for conn in conns.values():
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(min(connections, len(references)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sys.stderr.write("requests: %.1f ms\n" % ((time.perf_counter() - started) * 1000))
    sys.stdout.write("".join(f"{r}\t{d}\n" for r, d in zip(references, results)))


if __name__ == "__main__":
    main()
