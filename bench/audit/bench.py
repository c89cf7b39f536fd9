#!/usr/bin/env python3
"""Audit benchmark driver: pushes realistic Debian-shaped images (with BuildKit-shaped SBOM attestations) to a
local registry, writes a synthetic OSV export for their release, then times `imagepin audit` per image on the
SBOM path and on the layer path and reads bytes downloaded from its JSON.

usage: bench.py IMAGEPIN REGISTRY WORKDIR PKGDB_STATUS   (env: SCALE=1.0 ROUNDS=5 OSV_RECORDS=30000)
Standard library only; talks to the given loopback registry only.
"""
import gzip, hashlib, io, json, os, random, statistics, subprocess, sys, tarfile, time, urllib.parse, urllib.request, zipfile

imagepin, registry, work, status_path = sys.argv[1:5]
SCALE = float(os.environ.get("SCALE", "1.0"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
OSV_RECORDS = int(os.environ.get("OSV_RECORDS", "30000"))
MB = 1024 * 1024
rng = random.Random(20261202)

base_status = open(status_path, encoding="utf-8").read().replace("\r\n", "\n").rstrip("\n")
# The corpus status is an Ubuntu one; the benchmark images are Debian 12, so base-files says so.
base_status = "\n\n".join(s for s in base_status.split("\n\n") if not s.startswith("Package: base-files\n"))
STATUS = (base_status + "\n\nPackage: base-files\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\n"
          "Maintainer: Santiago Vila <sanvila@debian.org>\nVersion: 12.4+deb12u5\nDescription: Debian base system miscellaneous files\n")
OS_RELEASE = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n'
              'VERSION_CODENAME=bookworm\nID=debian\n')

def packages(status):
    out = []
    for stanza in status.split("\n\n"):
        f = {}
        for line in stanza.split("\n"):
            if ":" in line and not line.startswith(" "):
                k, v = line.split(":", 1); f[k] = v.strip()
        if "Package" in f and "Version" in f and f.get("Status", "").endswith(" installed"):
            # "Source: name" or "Source: name (version)" when the source version differs from the binary's.
            parts = f.get("Source", f["Package"]).split(" ", 1)
            src_version = parts[1].strip("()") if len(parts) > 1 else None
            out.append((f["Package"], f["Version"], parts[0] + (f"@{src_version}" if src_version else "")))
    return out

def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()

def request(method, url, data=None, ctype=None):
    req = urllib.request.Request(url, data=data, method=method)
    if ctype: req.add_header("Content-Type", ctype)
    with urllib.request.urlopen(req) as r:
        return r.status, dict(r.headers), r.read()

def push_blob(repo, blob):
    d = sha(blob)
    _, h, _ = request("POST", f"http://{registry}/v2/{repo}/blobs/uploads/")
    loc = h["Location"]
    if loc.startswith("/"): loc = f"http://{registry}{loc}"
    request("PUT", f"{loc}{'&' if '?' in loc else '?'}digest={d}", blob, "application/octet-stream")
    return d

def push_manifest(repo, ref, mt, obj):
    b = json.dumps(obj, separators=(",", ":")).encode()
    request("PUT", f"http://{registry}/v2/{repo}/manifests/{ref}", b, mt)
    return sha(b), len(b)

def layer(entries):
    """entries: sorted list of (path, kind, payload): 'file' with bytes, 'noise' with a size, 'link' with a target."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path, kind, payload in sorted(entries, key=lambda e: e[0]):
            info = tarfile.TarInfo(path); info.mtime = 1717977600
            if kind == "link":
                info.type = tarfile.SYMTYPE; info.linkname = payload; tar.addfile(info)
            else:
                data = payload if kind == "file" else rng.randbytes(payload)
                info.size = len(data); tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=1, mtime=0)

def noise(prefix, total_mb, files=40):
    size = max(1, int(total_mb * SCALE * MB / files))
    return [(f"{prefix}/f{i:03d}", "noise", size) for i in range(files)]

def base_layer(mb):
    return layer([("etc/debian_version", "file", b"12.5\n"), ("etc/os-release", "link", "../usr/lib/os-release")]
                 + noise("usr/bin", mb * 0.2) + [("usr/lib/os-release", "file", OS_RELEASE.encode())]
                 + noise("usr/lib/x86_64-linux-gnu", mb * 0.5) + noise("usr/share/doc", mb * 0.3)
                 + [("var/lib/dpkg/status", "file", STATUS.encode())])

def apt_layer(prefix, mb):
    return layer(noise(prefix, mb) + [("var/lib/dpkg/status", "file", STATUS.encode())])

def plain_layer(prefix, mb, files=40):
    return layer(noise(prefix, mb, files))

# Compressed layer sizes (MB) after Docker Hub's python:3.12-slim-bookworm and an app built on node:20-bookworm.
PROFILES = {
    "python-slim-like": lambda: [base_layer(28.2), apt_layer("usr/share/zoneinfo", 3.3), apt_layer("usr/local/lib/python3.12", 12.4),
                                 layer([("usr/local/bin/pip", "link", "pip3"), ("usr/local/bin/python", "link", "python3")])],
    "node-app-like": lambda: [base_layer(48.5), apt_layer("usr/lib/curl", 23.6), apt_layer("usr/lib/git-core", 64.0),
                              apt_layer("usr/lib/gcc", 211.0), plain_layer("usr/local/lib/node_modules", 48.0), plain_layer("opt/yarn", 1.3),
                              layer([("usr/local/bin/docker-entrypoint.sh", "file", b"#!/bin/sh\nexec \"$@\"\n")]),
                              apt_layer("usr/bin/dumb-init", 2.0), plain_layer("app", 3.0, 200)],
}

def sbom(image_digest):
    pkgs = [{"name": n, "SPDXID": f"SPDXRef-Package-deb-{i}", "versionInfo": v, "downloadLocation": "NOASSERTION",
             "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                               "referenceLocator": f"pkg:deb/debian/{n}@{urllib.parse.quote(v, safe='')}?arch=amd64"
                                                   + (f"&upstream={urllib.parse.quote(s, safe='')}" if s != n else "") + "&distro=debian-12"}]}
            for i, (n, v, s) in enumerate(packages(STATUS))]
    pkgs += [{"name": f"npm-dep-{i}", "SPDXID": f"SPDXRef-npm-{i}", "versionInfo": "1.0.0", "downloadLocation": "NOASSERTION",
              "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": f"pkg:npm/dep-{i}@1.0.0"}]}
             for i in range(300)]
    statement = {"_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://spdx.dev/Document",
                 "subject": [{"name": "pkg:docker/bench@1?platform=linux%2Famd64", "digest": {"sha256": image_digest[7:]}}],
                 "predicate": {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "sbom",
                               "documentNamespace": "https://example.invalid/bench", "creationInfo": {"created": "2024-06-10T00:00:00Z",
                               "creators": ["Tool: buildkit-bench"]}, "packages": pkgs}}
    return json.dumps(statement).encode()

def push_profile(name, layers):
    repo = f"bench/{name}"
    descs = [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": push_blob(repo, l), "size": len(l)} for l in layers]
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "created": "2024-06-10T00:00:00Z",
                      "rootfs": {"type": "layers", "diff_ids": []}, "config": {}}).encode()
    mt = "application/vnd.oci.image.manifest.v1+json"
    cdesc = {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": push_blob(repo, cfg), "size": len(cfg)}
    image, image_size = push_manifest(repo, "image", mt, {"schemaVersion": 2, "mediaType": mt, "config": cdesc, "layers": descs})
    statement = sbom(image)
    acfg = b'{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":[]}}'
    att, att_size = push_manifest(repo, "attestation", mt, {"schemaVersion": 2, "mediaType": mt,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": push_blob(repo, acfg), "size": len(acfg)},
        "layers": [{"mediaType": "application/vnd.in-toto+json", "digest": push_blob(repo, statement), "size": len(statement),
                    "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}]})
    it = "application/vnd.oci.image.index.v1+json"
    index, _ = push_manifest(repo, "1", it, {"schemaVersion": 2, "mediaType": it, "manifests": [
        {"mediaType": mt, "digest": image, "size": image_size, "platform": {"architecture": "amd64", "os": "linux"}},
        {"mediaType": mt, "digest": att, "size": att_size, "platform": {"architecture": "unknown", "os": "unknown"},
         "annotations": {"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": image}}]})
    return f"{registry}/{repo}:1@{index}", sum(len(l) for l in layers), len(statement)

def osv_export(folder):
    """A synthetic Debian export the size of a real one: OSV_RECORDS records for Debian:12; some hit installed packages."""
    os.makedirs(os.path.join(folder, "Debian"), exist_ok=True)
    installed = packages(STATUS)
    with zipfile.ZipFile(os.path.join(folder, "Debian", "all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(OSV_RECORDS):
            name, version, source = installed[i % len(installed)] if i % 50 == 0 else (f"pkg{i % 9000}", "1.0", f"pkg{i % 9000}")
            source = source.split("@")[0]
            fixed = version + "+deb12u1" if i % 100 == 0 else None
            events = [{"introduced": "0"}] + ([{"fixed": fixed}] if fixed else [])
            rid = f"DEBIAN-CVE-2099-{i:05d}"
            rec = {"id": rid, "modified": "2024-06-01T00:00:00Z", "published": "2024-01-01T00:00:00Z",
                   "upstream": [f"CVE-2099-{i:05d}"], "summary": "synthetic advisory " + "x" * 200,
                   "details": "Synthetic record shaped like Debian's DEBIAN-CVE exports. " * 8,
                   "affected": [{"package": {"ecosystem": "Debian:12", "name": source, "purl": f"pkg:deb/debian/{source}?arch=source"},
                                 "ranges": [{"type": "ECOSYSTEM", "events": events}],
                                 "versions": [f"1.{k}" for k in range(10)], "ecosystem_specific": {"urgency": "not yet assigned"}}],
                   "references": [{"type": "ADVISORY", "url": f"https://security-tracker.debian.org/tracker/CVE-2099-{i:05d}"}]}
            z.writestr(rid + ".json", json.dumps(rec))
    return os.path.getsize(os.path.join(folder, "Debian", "all.zip"))

def main():
    osv = os.path.join(work, "osv")
    zip_size = osv_export(osv)
    print(f"OSV export: {OSV_RECORDS} Debian:12 records, all.zip {zip_size / MB:.1f} MB", file=sys.stderr)
    rows = []
    for name, build in PROFILES.items():
        print(f"building and pushing {name}…", file=sys.stderr)
        ref, layer_bytes, sbom_bytes = push_profile(name, build())
        project = os.path.join(work, name); os.makedirs(project, exist_ok=True)
        with open(os.path.join(project, "Dockerfile"), "w") as f: f.write(f"FROM {ref}\n")
        for mode in ("auto", "layers"):
            times, result = [], None
            for _ in range(ROUNDS):
                start = time.perf_counter()
                p = subprocess.run([imagepin, "audit", "--db", osv, "--format", "json", "--inventory", mode, project],
                                   capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
                times.append(time.perf_counter() - start)
                if p.returncode != 0: sys.exit(f"imagepin audit failed ({p.returncode}): {p.stderr}")
                result = json.loads(p.stdout)
            platform = result["images"][0]["platforms"][0]
            rows.append({"image": name, "path": platform["inventory"], "release": f'{platform["ecosystem"]} ({platform["releaseSource"]})',
                         "layer_mb": layer_bytes / MB,
                         "downloaded": platform["bytesDownloaded"], "pct": 100.0 * platform["bytesDownloaded"] / layer_bytes,
                         "first_s": times[0], "median_s": statistics.median(times[1:] or times), "min_s": min(times), "findings": len(platform["findings"]),
                         "packages": platform["packages"], "sbom_kb": sbom_bytes / 1024})
    print("first s: the first run (for the first image it also indexes the OSV export); median s: the other runs")
    print(f"{'image':18} {'path':7} {'release':22} {'layers MB':>10} {'downloaded':>12} {'% of layers':>11} {'first s':>8} {'median s':>9} {'min s':>7} {'pkgs':>5} {'findings':>8}")
    for r in rows:
        print(f"{r['image']:18} {r['path']:7} {r['release']:22} {r['layer_mb']:10.1f} {r['downloaded'] / MB:10.3f}MB {r['pct']:10.2f}% {r['first_s']:8.3f} {r['median_s']:9.3f} {r['min_s']:7.3f} {r['packages']:5d} {r['findings']:8d}")
    json.dump(rows, open(os.path.join(work, "audit-results.json"), "w"), indent=1)

main()
