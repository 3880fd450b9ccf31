#!/usr/bin/env python3
"""Grouping accuracy and speed of ChatOpsBot's failure causes beside Drain (Drain3) and Brain, in one run.

Grouping accuracy as in the log-parsing literature (Zhu et al., ICSE-SEIP 2019): a message is right when the set
of messages its parser grouped it with is exactly the set of its ground-truth group.

Inputs (none of them is committed; see docs/benchmarks.md for where they come from):
  --loghub DIR      loghub's sixteen *_2k.log_structured.csv (the Content column, grouped by EventId)
  --drain3 DIR      a checkout of logpai/Drain3 (pure Python; needs Debian's python3-cachetools, python3-jsonpickle)
  --brain DIR       a checkout of logpai/logparser (Brain needs python3-pandas, python3-regex)  [optional]
  --modelarts FILE  JSON Lines of {"message": ..., "cause": ...}: the ModelArts-style set with ground truth [optional]
  --causes DLL      the built ChatOpsBot.Benchmarks.dll (dotnet build -c Release bench/ChatOpsBot.Benchmarks)

Speeds are messages per second of CPU time, measured in process, without start-up (CPU time, because the machine
is shared: a wall clock would count the time other processes had the cores). Both sides leave out the same things:
starting the runtime and loading the code (Python's imports and bytecode compilation; .NET's start and its JIT, whose
tiers settle in the first second) and a first pass over the set (Drain3: one untimed pass on a throwaway
TemplateMiner; ours: a second of untimed groupings). Then Drain3: the add_log_message loop over the set, on a fresh
TemplateMiner each run (made outside the timed part), repeated until 2 s of process CPU time. Ours: as the `causes`
command prints it, a fresh CauseGrouper each run (made inside the timed part), until 2 s of CPU time. Brain: its
LogParser.parse once, which includes reading and writing its CSV files.
"""
import argparse
import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import redirect_stdout

DATASETS = ["Android", "Apache", "BGL", "Hadoop", "HDFS", "HealthApp", "HPC", "Linux", "Mac", "OpenSSH",
            "OpenStack", "Proxifier", "Spark", "Thunderbird", "Windows", "Zookeeper"]


def grouping_accuracy(truth, predicted):
    """Share of messages whose predicted group is exactly their ground-truth group."""
    truth_sizes = Counter(truth)
    members = defaultdict(list)
    for i, label in enumerate(predicted):
        members[label].append(i)
    right = 0
    for indices in members.values():
        labels = {truth[i] for i in indices}
        if len(labels) == 1 and truth_sizes[truth[indices[0]]] == len(indices):
            right += len(indices)
    return right / len(truth)


def load_loghub(folder, name):
    with open(os.path.join(folder, f"{name}_2k.log_structured.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["Content"] for r in rows], [r["EventId"] for r in rows]


def run_ours(dll, messages):
    with tempfile.TemporaryDirectory() as tmp:
        source, target = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.txt")
        with open(source, "w", encoding="utf-8") as f:
            for m in messages:
                f.write(json.dumps(m, ensure_ascii=False) + "\n")
        printed = subprocess.run(["dotnet", dll, "causes", "--input", source, "--output", target],
                                 check=True, capture_output=True, text=True).stdout
        with open(target, encoding="utf-8") as f:
            keys = f.read().split()
    rate = float(re.search(r"([\d,]+) messages/s of CPU time", printed).group(1).replace(",", ""))
    return keys, rate


def run_drain(messages):
    from drain3 import TemplateMiner  # the default configuration: no drain3.ini in the working directory
    import logging
    logging.disable(logging.CRITICAL)
    warm = TemplateMiner()  # the warm-up pass, untimed, like ours (imports and first calls out of the figure)
    for m in messages:
        warm.add_log_message(m)
    ids, runs, cpu = None, 0, 0.0
    while runs < 5 or cpu < 2.0:
        miner = TemplateMiner()
        start = time.process_time()
        ids = [miner.add_log_message(m)["cluster_id"] for m in messages]
        cpu += time.process_time() - start
        runs += 1
    return ids, len(messages) * runs / cpu


# Brain's published per-set settings (logparser/Brain/benchmark.py): regexes, delimiters and threshold per set.
def brain_settings(logparser_root):
    source = open(os.path.join(logparser_root, "logparser", "Brain", "benchmark.py"), encoding="utf-8").read()
    start = source.index("benchmark_settings = ")
    end = source.index("benchmark_result = ")
    scope = {}
    exec(source[start:end], scope)  # a dict literal of the reference implementation's own settings
    return scope["benchmark_settings"]


def run_brain(logparser_root, settings, name, messages):
    sys.path.insert(0, logparser_root)
    from logparser.Brain import Brain
    setting = settings[name]
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "log.txt"), "w", encoding="utf-8") as f:
            for m in messages:
                f.write(m.replace("\n", " ") + "\n")
        parser = Brain.LogParser(log_format="<Content>", indir=tmp, outdir=os.path.join(tmp, "out"),
                                 rex=setting["regex"], delimeter=setting["delimiter"],
                                 threshold=setting["theshold"], logname=name)
        start = time.process_time()
        with redirect_stdout(io.StringIO()):
            parser.parse("log.txt")
        elapsed = time.process_time() - start
        with open(os.path.join(tmp, "out", "log.txt_structured.csv"), newline="", encoding="utf-8") as f:
            ids = [r["EventId"] for r in csv.DictReader(f)]
    return ids, len(messages) / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loghub", required=True)
    parser.add_argument("--drain3", required=True)
    parser.add_argument("--brain")
    parser.add_argument("--modelarts")
    parser.add_argument("--causes", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.drain3)
    settings = brain_settings(args.brain) if args.brain else None

    sets = [(name, *load_loghub(args.loghub, name)) for name in DATASETS]
    if args.modelarts:
        with open(args.modelarts, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        sets.append(("ModelArts-style", [r["message"] for r in rows], [r["cause"] for r in rows]))

    print(f"{'set':<16} {'ours':>6} {'Drain3':>7} {'Brain':>6}   {'ours msg/s':>11} {'Drain3 msg/s':>12} {'×':>5} {'Brain msg/s':>11}")
    totals = defaultdict(list)
    ratios = []
    for name, messages, truth in sets:
        keys, ours_rate = run_ours(args.causes, messages)
        drain_ids, drain_rate = run_drain(messages)
        ours, drain = grouping_accuracy(truth, keys), grouping_accuracy(truth, drain_ids)
        brain, brain_rate = None, None
        if settings and name in settings:
            brain_ids, brain_rate = run_brain(args.brain, settings, name, messages)
            brain = grouping_accuracy(truth, brain_ids)
        if name in DATASETS:
            totals["ours"].append(ours)
            totals["drain"].append(drain)
            if brain is not None:
                totals["brain"].append(brain)
            totals["ours_rate"].append(ours_rate)
            ratios.append(ours_rate / drain_rate)
            totals["drain_rate"].append(drain_rate)
        print(f"{name:<16} {ours:6.3f} {drain:7.3f} {'' if brain is None else f'{brain:6.3f}':>6}   "
              f"{ours_rate:11,.0f} {drain_rate:12,.0f} {ours_rate / drain_rate:5.1f} "
              f"{'' if brain_rate is None else f'{brain_rate:11,.0f}':>11}", flush=True)
    brain_mean = f"{statistics.mean(totals['brain']):6.3f}" if totals["brain"] else ""
    print(f"{'loghub average':<16} {statistics.mean(totals['ours']):6.3f} {statistics.mean(totals['drain']):7.3f} "
          f"{brain_mean:>6}   {statistics.mean(totals['ours_rate']):11,.0f} {statistics.mean(totals['drain_rate']):12,.0f}"
          f" {statistics.mean(totals['ours_rate']) / statistics.mean(totals['drain_rate']):5.1f}")
    print(f"ours ÷ Drain3 per set: median {statistics.median(ratios):.1f}, smallest {min(ratios):.1f} ({DATASETS[ratios.index(min(ratios))]})")


if __name__ == "__main__":
    main()
