#!/usr/bin/env python3
"""Helpers for pin-registry.sh: count registry requests from an access-log slice and check each tool's digests.

  tally.py requests ACCESS_LOG_SLICE                 -> "total pings tags manifest_head manifest_get blobs other"
  tally.py files EXPECTED.tsv DIR                    -> Dockerfiles under DIR whose FROM carries the expected digest
  tally.py renovate EXPECTED.tsv REPORT.json         -> distinct images Renovate proposes the expected pin digest for
  tally.py skopeo EXPECTED.tsv OUTPUT.tsv            -> distinct images whose skopeo digest is the expected one
  tally.py imagepin EXPECTED.tsv JSON                -> "distinctImages registryRequests changes failures correct":
                                                        imagepin's own counts, and how many changes carry the expected digest

EXPECTED.tsv is push-images.py's output: "HOST:PORT/REPO:TAG<TAB>sha256:…" per line.
"""
import json
import pathlib
import re
import sys

# Combined log format: 127.0.0.1 - - [date] "METHOD PATH HTTP/1.1" status size "referer" "agent"
REQUEST = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[0-9.]+"')


def load_expected(path):
    expected = {}
    for line in pathlib.Path(path).read_text().splitlines():
        reference, digest = line.split("\t")
        expected[reference] = digest
    return expected


def count_requests(log_path):
    kinds = dict(total=0, pings=0, tags=0, manifest_head=0, manifest_get=0, blobs=0, other=0)
    for line in pathlib.Path(log_path).read_text().splitlines():
        match = REQUEST.search(line)
        if not match:
            continue
        method, path = match["method"], match["path"].split("?")[0]
        kinds["total"] += 1
        if path == "/v2/":
            kinds["pings"] += 1
        elif path.endswith("/tags/list"):
            kinds["tags"] += 1
        elif "/manifests/" in path:
            kinds["manifest_head" if method == "HEAD" else "manifest_get"] += 1
        elif "/blobs/" in path:
            kinds["blobs"] += 1
        else:
            kinds["other"] += 1
    print(" ".join(str(value) for value in kinds.values()))


def pinned_files(expected, root):
    from_line = re.compile(r"^FROM\s+(\S+?)@(sha256:[0-9a-f]{64})\b", re.MULTILINE)
    correct = 0
    for dockerfile in pathlib.Path(root).rglob("Dockerfile"):
        match = from_line.search(dockerfile.read_text())
        if match and expected.get(match[1]) == match[2]:
            correct += 1
    print(correct)


def renovate_digests(expected, report_path):
    try:
        report = json.loads(pathlib.Path(report_path).read_text())
    except (OSError, ValueError):
        report = {}  # Renovate failed before writing its report: nothing proposed
    proposed = {}
    for repository in report.get("repositories", {}).values():
        for package_files in repository.get("packageFiles", {}).values():
            for package_file in package_files:
                for dep in package_file.get("deps", []):
                    reference = f'{dep.get("depName")}:{dep.get("currentValue")}'
                    for update in dep.get("updates", []):
                        if update.get("updateType") == "pinDigest":
                            proposed[reference] = update.get("newDigest")
    print(sum(1 for reference, digest in proposed.items() if expected.get(reference) == digest))


def skopeo_digests(expected, output_path):
    correct = 0
    for line in pathlib.Path(output_path).read_text().splitlines():
        reference, _, digest = line.partition("\t")
        if expected.get(reference) == digest:
            correct += 1
    print(correct)


def imagepin_summary(expected, json_path):
    try:
        report = json.loads(pathlib.Path(json_path).read_text())
    except (OSError, ValueError):
        print("? ? ? ? 0")  # imagepin failed before printing its report
        return
    changes = report.get("changes", [])
    correct = sum(1 for change in changes if expected.get(change.get("image")) == change.get("digest"))
    print(report.get("distinctImages", "?"), report.get("registryRequests", "?"),
          len(changes), len(report.get("failures", [])), correct)


def main(argv):
    commands = {
        ("requests", 1): lambda: count_requests(argv[1]),
        ("files", 2): lambda: pinned_files(load_expected(argv[1]), argv[2]),
        ("renovate", 2): lambda: renovate_digests(load_expected(argv[1]), argv[2]),
        ("skopeo", 2): lambda: skopeo_digests(load_expected(argv[1]), argv[2]),
        ("imagepin", 2): lambda: imagepin_summary(load_expected(argv[1]), argv[2]),
    }
    command = commands.get((argv[0], len(argv) - 1)) if argv else None
    if command is None:
        sys.exit(__doc__)
    command()


if __name__ == "__main__":
    main(sys.argv[1:])
