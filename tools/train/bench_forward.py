#!/usr/bin/python3
"""Times one forward of the default prior's denoiser at 1x3x512x768 with torch on 2 threads.

    /usr/bin/python3 tools/train/bench_forward.py                       # default architecture
    /usr/bin/python3 tools/train/bench_forward.py --checkpoint local/train/run1/checkpoint.pt
    /usr/bin/python3 tools/train/bench_forward.py --channels 32 64 128 --blocks 1 1 2

Prints the parameter count, the convolution GFLOP per forward and the median wall time of
--repeats forwards under torch.no_grad(). (ONNX Runtime is not available in Python; the Java
decoder measures ORT itself.) Weights do not change the time, so random ones are used unless a
checkpoint is given (its architecture is then taken from the checkpoint).
"""

import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as M  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="train.py checkpoint (architecture taken from it)")
    ap.add_argument("--channels", type=int, nargs=3)
    ap.add_argument("--blocks", type=int, nargs=3)
    ap.add_argument("--height", type=int, default=512)
    ap.add_argument("--width", type=int, default=768)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    config = {}
    if args.checkpoint:
        ck = torch.load(args.checkpoint, map_location="cpu")
        config = ck["config"]
    if args.channels:
        config["channels"] = args.channels
    if args.blocks:
        config["blocks"] = args.blocks
    den = M.build(config)
    if args.checkpoint:
        den.load_state_dict(ck["ema"])
    den.eval()
    cfg = dict(M.DEFAULT_CONFIG, **config)
    flops = M.conv_flops(den, args.height, args.width)
    x = torch.randn(1, 3, args.height, args.width)
    s = torch.full((1,), 0.2)
    times = []
    with torch.no_grad():
        den(x, s)  # warm-up
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            den(x, s)
            times.append(time.perf_counter() - t0)
    print("architecture: channels %s, blocks %s, emb %d" % (cfg["channels"], cfg["blocks"], cfg["emb_dim"]))
    print("parameters: %d" % M.parameter_count(den))
    print("conv GFLOP per forward at 1x3x%dx%d: %.2f" % (args.height, args.width, flops / 1e9))
    print("torch forward at 1x3x%dx%d, %d threads: median %.3f s (min %.3f, max %.3f, %d runs)"
          % (args.height, args.width, args.threads, statistics.median(times), min(times), max(times),
             len(times)))


if __name__ == "__main__":
    main()
