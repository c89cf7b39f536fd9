#!/usr/bin/env python3
"""Push N distinct tiny images to a plain-HTTP registry: bench/app-0001:1.0 … bench/app-NNNN:1.0.

Each image is a Docker schema 2 manifest with its own config and one small gzipped tar layer, so every
repository has a different digest. Standard library only; one keep-alive connection.
Usage: push-images.py HOST:PORT N
"""
import gzip
import hashlib
import http.client
import io
import json
import sys
import tarfile

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer_tar(name: str) -> bytes:
    body = f"{name}\n".encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("etc/bench-image")
        info.size = len(body)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(body))
    return raw.getvalue()


class Registry:
    def __init__(self, host: str):
        self.host = host
        self.conn = http.client.HTTPConnection(host, timeout=30)

    def request(self, method: str, path: str, body: bytes = b"", headers=None, expect=(200, 201, 202)):
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        data = response.read()
        if response.status not in expect:
            raise SystemExit(f"{method} {path}: HTTP {response.status}: {data[:300]!r}")
        return response

    def push_blob(self, repo: str, blob: bytes) -> str:
        digest = sha256(blob)
        started = self.request("POST", f"/v2/{repo}/blobs/uploads/", headers={"Content-Length": "0"})
        location = started.getheader("Location")
        if not location:
            raise SystemExit(f"POST /v2/{repo}/blobs/uploads/: no Location header")
        # Location may be absolute; keep only path and query for our single connection.
        if "://" in location:
            location = "/" + location.split("://", 1)[1].split("/", 1)[1]
        separator = "&" if "?" in location else "?"
        self.request("PUT", f"{location}{separator}digest={digest}", body=blob,
                     headers={"Content-Type": "application/octet-stream"})
        return digest

    def push_image(self, repo: str, tag: str) -> str:
        tar = layer_tar(repo)
        layer = gzip.compress(tar, mtime=0)
        config = json.dumps({
            "architecture": "amd64",
            "os": "linux",
            "config": {"Labels": {"bench.image": repo}},
            "rootfs": {"type": "layers", "diff_ids": [sha256(tar)]},
        }, separators=(",", ":")).encode()
        manifest = json.dumps({
            "schemaVersion": 2,
            "mediaType": MANIFEST_TYPE,
            "config": {"mediaType": CONFIG_TYPE, "size": len(config), "digest": self.push_blob(repo, config)},
            "layers": [{"mediaType": LAYER_TYPE, "size": len(layer), "digest": self.push_blob(repo, layer)}],
        }, separators=(",", ":")).encode()
        self.request("PUT", f"/v2/{repo}/manifests/{tag}", body=manifest,
                     headers={"Content-Type": MANIFEST_TYPE})
        return sha256(manifest)


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1:
        raise SystemExit("usage: push-images.py HOST:PORT N   (N >= 1)")
    host, count = sys.argv[1], int(sys.argv[2])
    registry = Registry(host)
    for index in range(1, count + 1):
        repo = f"bench/app-{index:04d}"
        try:
            digest = registry.push_image(repo, "1.0")
        except (OSError, http.client.HTTPException) as error:
            raise SystemExit(f"pushing {host}/{repo}:1.0 failed: {error}")
        print(f"{host}/{repo}:1.0\t{digest}")


if __name__ == "__main__":
    main()
