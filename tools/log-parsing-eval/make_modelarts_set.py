#!/usr/bin/env python3
"""Writes the ModelArts-style failed-task messages with ground truth (src/ChatOpsBot.Simulator/Fixtures/causes/).

Each line: {"server": ..., "message": ..., "cause": ...}. Deterministic (seeded), so the fixture can be regenerated
byte for byte: python3 tools/log-parsing-eval/make_modelarts_set.py > src/ChatOpsBot.Simulator/Fixtures/causes/modelarts-failures.jsonl
"""
import json
import random

rnd = random.Random(20261129)


def ts():
    return f"2026-11-{rnd.randint(1, 29):02d} {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}"


def ip():
    return f"192.168.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"


def host():
    return f"lite-a2-node-{rnd.randint(0, 999):03d}"


CAUSES = [
    ("ecc", 300, lambda: f"[{ts()}] npu-smi: ECC uncorrectable error detected on NPU {rnd.randint(0, 7)} (chip {rnd.randint(0, 1)}), error code 0x{rnd.randint(0, 0xFFFF):04x}"),
    ("ecc-threshold", 40, lambda: f"Uncorrectable ECC error count {rnd.randint(2, 90)} exceeds threshold 1 on NPU {rnd.randint(0, 7)}"),
    ("roce-down", 120, lambda: f"hccn_tool -i {rnd.randint(0, 7)} -link -g: link status DOWN on eth{rnd.randint(0, 7)}"),
    ("roce-flap", 60, lambda: f"RoCE link flapped {rnd.randint(2, 40)} times in {rnd.randint(5, 60)} min on eth{rnd.randint(0, 7)}, last down at {ts()}"),
    ("hccn-ip", 25, lambda: f"hccn_tool -i {rnd.randint(0, 7)} -ip -g: no IP address configured for device {rnd.randint(0, 7)}"),
    ("driver", 90, lambda: f"driver version mismatch: expected 24.1.0.3, found {rnd.choice(['23.0.6', '23.0.rc3', '24.1.rc1', '23.0.3'])}"),
    ("firmware", 45, lambda: f"firmware upgrade failed on davinci{rnd.randint(0, 7)}: npu-upgrade-tool exited with code {rnd.randint(1, 255)}"),
    ("ssh-timeout", 70, lambda: f"ssh: connect to host {ip()} port 22: Connection timed out"),
    ("ssh-denied", 35, lambda: f"Permission denied (publickey,password) for root@{ip()}:{rnd.choice([22, 2222])}"),
    ("agent-timeout", 50, lambda: f"Timed out after {rnd.choice([300, 600, 900])} s waiting for the task agent on {host()}"),
    ("hbm", 30, lambda: f"HBM memory check failed on device {rnd.randint(0, 7)}: {rnd.randint(1, 64)} bad pages isolated"),
    ("health", 40, lambda: f"npu-smi info -t health -i {rnd.randint(0, 7)} returned Alarm, code 0x{rnd.randint(0x80000000, 0x8FFFFFFF):08X}"),
    ("disk", 25, lambda: f"No space left on device: /var/log/npu/slog/host-{rnd.randint(0, 9)}/device-{rnd.randint(0, 7)}.log"),
    ("hccl", 35, lambda: (
        "Traceback (most recent call last):\n"
        f"  File \"/home/ma-user/modelarts/user-job-dir/check_hccl.py\", line {rnd.randint(20, 400)}, in <module>\n"
        "    init_process_group(backend=\"hccl\")\n"
        f"RuntimeError: HCCL init failed on rank {rnd.randint(0, 255)}: timeout after {rnd.choice([120, 600, 1800])} s")),
    ("temp-cn", 30, lambda: f"NPU {rnd.randint(0, 7)} 温度过高：{rnd.randint(96, 110)}°C，超过阈值 95°C"),
    ("net-cn", 25, lambda: f"节点 {host()} 网络不可达，请检查交换机端口 {rnd.randint(1, 48)}"),
    ("driver-cn", 20, lambda: f"驱动安装失败，错误码 {rnd.randint(100, 999)}，详见 /var/log/ascend_seclog/operation.log"),
    ("pull", 30, lambda: f"failed to pull image swr.cn-north-4.myhuaweicloud.com/ai/pytorch:2.{rnd.randint(1, 5)}.0-cann8.{rnd.randint(0, 1)}: context deadline exceeded"),
    ("heartbeat", 40, lambda: f"device {rnd.randint(0, 7)} heartbeat lost at {ts()}, dmesg: davinci{rnd.randint(0, 7)} reset"),
    ("pcie", 15, lambda: f"PCIe link degraded on 0000:{rnd.randint(0x10, 0xC0):02x}:00.0: width x{rnd.choice([4, 8])} (expected x16)"),
    ("reset-busy", 15, lambda: f"npu-smi set -t reset -i {rnd.randint(0, 7)} -c 0 failed: device busy"),
    ("oom", 20, lambda: f"Out of memory on device {rnd.randint(0, 7)}: tried to allocate {rnd.randint(1, 60)}.{rnd.randint(0, 99):02d} GiB ({rnd.randint(1, 60)}.{rnd.randint(0, 99):02d} GiB free)"),
]

rows = []
for cause, count, make in CAUSES:
    for _ in range(count):
        rows.append({"message": make(), "cause": cause})
rnd.shuffle(rows)
for i, row in enumerate(rows):
    print(json.dumps({"server": f"lite-a2-node-{i:04d}", **row}, ensure_ascii=False))
