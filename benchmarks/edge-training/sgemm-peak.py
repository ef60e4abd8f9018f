#!/usr/bin/python3
"""The machine's single-precision GEMM peak, as the reference for training figures: the median
GFLOP/s of square float32 matrix products (torch.mm, i.e. the BLAS PyTorch links) with 1 and with
2 threads. Run it like the PyTorch throughput reference (same BLAS):

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp python3 benchmarks/edge-training/sgemm-peak.py
"""
import argparse
import statistics
import time

import torch


def peak(threads, n, reps):
    torch.set_num_threads(threads)
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    c = torch.mm(a, b)  # warm-up
    rates = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        rates.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return statistics.median(rates), max(rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2048)
    ap.add_argument("--reps", type=int, default=15)
    a = ap.parse_args()
    for threads in (1, 2):
        med, best = peak(threads, a.n, a.reps)
        print(f"SGEMM threads={threads} n={a.n} median_gflops={med:.1f} max_gflops={best:.1f}", flush=True)


if __name__ == "__main__":
    main()
