#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Which of the PyTorch peer's protocol choices explains how much soft targets help (issue 12).

Starting from resources/examples/ml100k-peer-settings.json (the peer's settings on kdw's default
protocol), trains teacher, student alone and student + soft targets with each switch turned to the
peer's choice alone, then with all four, then with all four but one, and prints one Markdown table
row per combination (seed 0 unless --seeds; values of the last epoch, mean over the seeds).

usage: tests/bench/kd_gap_attribution.py [--kdw build/release/app/kdw] [--seeds 0] [--jobs 2]
                                        [--only TEXT]
Needs ../shared/data/ml-100k beside the repository. Takes about 10 minutes on 2 cores per seed.
"""
import argparse
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "resources", "examples", "ml100k-peer-settings.json")

# name -> (config path, the peer's value)
SWITCHES = {
    "negatives uniform": [("dataset.negative_sampling", "uniform")],
    "ties last in file": [("dataset.holdout_ties", "last")],
    "PyTorch init": [("teacher.model.dense_init", "pytorch"), ("student.model.dense_init", "pytorch")],
    "dense embedding updates": [("teacher.training.embedding_updates", "dense"),
                                ("student.training.embedding_updates", "dense")],
}


def with_switches(config, names):
    c = json.loads(json.dumps(config))
    for name in names:
        for path, value in SWITCHES[name]:
            node = c
            *parents, key = path.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[key] = value
    # The dataset path is relative to the config's folder: make it absolute for the temp copy.
    c["dataset"]["path"] = os.path.normpath(os.path.join(os.path.dirname(BASE), c["dataset"]["path"]))
    return c


def run(kdw, label, names, seeds, jobs, work):
    cfg = os.path.join(work, label.replace(" ", "_").replace("'", "") + ".json")
    with open(cfg, "w") as f:
        json.dump(with_switches(json.load(open(BASE)), names), f)
    db = os.path.join(work, "attribution.sqlite")
    subprocess.check_call([kdw, "sweep", "--config", cfg, "--name", label, "--methods", "none",
                           "soft_target", "--seeds", *seeds, "--jobs", str(jobs), "--db", db],
                          stdout=subprocess.DEVNULL)
    runs = json.loads(subprocess.check_output([kdw, "runs", "--db", db, "--sweep", label, "--json"]))
    rows = {"teacher": [], "student alone": [], "student + soft_target": []}
    for r in runs["runs"]:
        shown = json.loads(subprocess.check_output([kdw, "show", str(r["id"]), "--db", db, "--json"]))
        final = {(m["phase"], m["metric"]): m["final"] for m in shown["summary"]}
        student = {k: final.get(("student", k), float("nan")) for k in ("hr@10", "ndcg@10", "kl")}
        if r["method"] == "none":
            rows["student alone"].append(student)
            if ("teacher", "hr@10") in final:
                rows["teacher"].append({k: final[("teacher", k)] for k in ("hr@10", "ndcg@10")})
        else:
            rows["student + soft_target"].append(student)
    return rows


def mean(rows, key):
    values = [r[key] for r in rows]
    return sum(values) / len(values) if values else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kdw", default=os.path.join(ROOT, "build", "release", "app", "kdw"))
    ap.add_argument("--seeds", default="0")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="", help="only the combinations whose label contains this")
    a = ap.parse_args()
    seeds = a.seeds.split(",")
    names = list(SWITCHES)
    combos = [("kdw's protocol (none)", [])]
    combos += [(f"+ {n} only", [n]) for n in names]
    combos += [("all four (the peer's protocol)", names)]
    combos += [(f"all but {n}", [m for m in names if m != n]) for n in names]
    print("| switches | teacher HR@10 / NDCG@10 | alone HR@10 / NDCG@10 / KL | "
          "soft targets HR@10 / NDCG@10 / KL | gap closed (HR@10) | KL soft / alone |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as work:
        for label, on in combos:
            if a.only not in label:
                continue
            r = run(a.kdw, label, on, seeds, a.jobs, work)
            t, s, d = r["teacher"], r["student alone"], r["student + soft_target"]
            th, tn = mean(t, "hr@10"), mean(t, "ndcg@10")
            sh, sn, sk = mean(s, "hr@10"), mean(s, "ndcg@10"), mean(s, "kl")
            dh, dn, dk = mean(d, "hr@10"), mean(d, "ndcg@10"), mean(d, "kl")
            gap = 100 * (dh - sh) / (th - sh) if th > sh else float("nan")
            print(f"| {label} | {th:.3f} / {tn:.3f} | {sh:.3f} / {sn:.3f} / {sk:.3f} | "
                  f"{dh:.3f} / {dn:.3f} / {dk:.3f} | {gap:.0f}% | {dk / sk:.2f} |", flush=True)


if __name__ == "__main__":
    main()
