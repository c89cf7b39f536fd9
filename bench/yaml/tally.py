"""Per-source counts of image references: imagepin's check JSON beside Renovate's extract report.

Usage: tally.py IMAGEPIN.json RENOVATE-REPORT.json [DIFFS.txt]
Prints one line per source: imagepin all / usable, Renovate all / usable (docker dependencies only; "usable" is a
reference with a value to look up: not imagepin's variable/built/invalid, not a Renovate dep with a skipReason).
Writes the files whose counts differ to DIFFS.txt.
"""
import json
import sys
from collections import Counter

PAIRS = [("compose", "docker-compose"), ("kubernetes", "kubernetes"), ("github-actions", "github-actions"), ("gitlab-ci", "gitlabci")]
NOT_USABLE = {"variable", "built", "invalid"}


def main():
    ours = json.load(open(sys.argv[1]))
    theirs = json.load(open(sys.argv[2]))
    diffs = open(sys.argv[3], "w") if len(sys.argv) > 3 else None
    ours_all, ours_usable, ours_file = Counter(), Counter(), Counter()
    for r in ours["references"]:
        ours_all[r["kind"]] += 1
        ours_file[(r["kind"], r["file"])] += 1
        if r["status"] not in NOT_USABLE:
            ours_usable[r["kind"]] += 1
    packages = list(theirs["repositories"].values())[0].get("packageFiles", {})
    theirs_all, theirs_usable, theirs_file = Counter(), Counter(), Counter()
    for manager, files in packages.items():
        for f in files:
            for dep in f.get("deps", []):
                if dep.get("datasource") != "docker":
                    continue
                theirs_all[manager] += 1
                theirs_file[(manager, f["packageFile"])] += 1
                if not dep.get("skipReason"):
                    theirs_usable[manager] += 1
    for kind, manager in PAIRS:
        print(f"{kind} {ours_all[kind]} {ours_usable[kind]} {theirs_all[manager]} {theirs_usable[manager]}")
        if diffs is None:
            continue
        files = {f for (k, f) in ours_file if k == kind} | {f for (m, f) in theirs_file if m == manager}
        for f in sorted(files):
            a, b = ours_file[(kind, f)], theirs_file[(manager, f)]
            if a != b:
                diffs.write(f"{kind}\t{f}\timagepin {a}\trenovate {b}\n")


main()
