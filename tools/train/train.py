#!/usr/bin/python3
"""Trains the rdpc default diffusion prior: an EDM denoiser D(x; sigma) of natural images.

Denoising score matching with EDM preconditioning (Karras et al. 2022, sigma_data = 0.5), on
random crops of the project's TRAINING images (../shared/data/train: cbsd432, urban100,
imagenet-sample; never eval/), each downscaled 2x by 2x2 box averaging to suppress JPEG
artefacts. See tools/train/README.md for the commands and timings.

    /usr/bin/python3 tools/train/train.py --out local/train/run1 --minutes 60

Rerunning the same command resumes from <out>/checkpoint.pt (model, EMA, optimizer, step, RNG
states), which is written atomically every --save-every steps, at the end of --minutes, and on
SIGINT/SIGTERM. Log lines go to stdout and <out>/train.log.

Noise levels: with probability --p-uniform log-uniform over [0.002, 80], otherwise log-normal
with ln(sigma) ~ N(P_mean, P_std^2) = N(-1.2, 1.2^2). Loss: the EDM weight
lambda(sigma) = (sigma^2 + sigma_data^2) / (sigma sigma_data)^2 applied to |D - u|^2, which equals
|F - (u - c_skip x) / c_out|^2 exactly (computed in that form).

Validation (every --val-every steps, EMA weights): PSNR in [0, 1] units of D on fixed 64x64
crops of held-out TRAINING images (every 50th image of the sorted list, excluded from the
training crops), fixed noise, sigma = 25/255 in [0, 1] units (2 * 25/255 in model units).
"""

import argparse
import copy
import glob
import hashlib
import json
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import model as M  # noqa: E402

DEFAULT_DATA = os.path.abspath(os.path.join(REPO, "..", "shared", "data", "train"))
DEFAULT_CACHE = os.path.join(REPO, "local", "train", "train-half.npz")
DEFAULT_FULL_CACHE = os.path.join(REPO, "local", "train", "train-full.npz")
SUBSETS = ("cbsd432", "urban100", "imagenet-sample")
HOLDOUT_EVERY = 50
VAL_CROP = 64
VAL_SIGMA = 2.0 * 25.0 / 255.0
VAL_SIGMAS_EXTRA = (0.05, 0.5)
P_MEAN = -1.2
P_STD = 1.2


def log(out_dir, msg):
    line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
    print(line, flush=True)
    if out_dir:
        with open(os.path.join(out_dir, "train.log"), "a", encoding="utf-8") as f:
            f.write(line + "\n")


# ----------------------------------------------------------------------------------------------
# data

def list_training_files(data_root):
    parts = os.path.normpath(os.path.abspath(data_root)).split(os.sep)
    if "eval" in parts:
        sys.exit("refusing to train on %s: training reads only the train/ images" % data_root)
    files = []
    for sub in SUBSETS:
        d = os.path.join(data_root, sub)
        if not os.path.isdir(d):
            sys.exit("training data folder %s is missing (see ../shared/data/README.md)" % d)
        found = sorted(glob.glob(os.path.join(d, "*.jpg")) + glob.glob(os.path.join(d, "*.jpeg"))
                       + glob.glob(os.path.join(d, "*.png")))
        files += [os.path.join(sub, os.path.basename(p)) for p in found]
    return files


def build_cache(data_root, cache_path, out_dir, downscale=True):
    """Decodes every training image once, downscales it 2x (2x2 box mean) unless downscale is false,
    and stores uint8 HWC arrays."""
    from PIL import Image
    files = list_training_files(data_root)
    tag = "half-box-v1" if downscale else "full-v1"
    key = hashlib.sha256((tag + "\n" + "\n".join(files)).encode()).hexdigest()
    if os.path.exists(cache_path):
        with np.load(cache_path) as z:
            if str(z["key"]) == key:
                return {k: z[k] for k in ("pixels", "shapes", "offsets", "names")}
        log(out_dir, "cache %s is stale (file list changed); rebuilding" % cache_path)
    t0 = time.time()
    arrays, shapes, names = [], [], []
    for rel in files:
        with Image.open(os.path.join(data_root, rel)) as im:
            im = im.convert("RGB")
            w, h = im.size
            im = im.crop((0, 0, w - w % 2, h - h % 2))
            a = np.asarray(im, dtype=np.float32)
        if downscale:
            a = a.reshape(a.shape[0] // 2, 2, a.shape[1] // 2, 2, 3).mean(axis=(1, 3))
        a = np.clip(np.rint(a), 0, 255).astype(np.uint8)
        arrays.append(a.reshape(-1))
        shapes.append(a.shape[:2])
        names.append(rel)
    offsets = np.concatenate([[0], np.cumsum([a.size for a in arrays])]).astype(np.int64)
    data = {"pixels": np.concatenate(arrays), "shapes": np.array(shapes, np.int64), "offsets": offsets,
            "names": np.array(names)}
    os.makedirs(os.path.dirname(cache_path), exist_ok=True)
    tmp = cache_path + ".tmp.npz"
    np.savez(tmp, key=np.array(key), **data)
    os.replace(tmp, cache_path)
    log(out_dir, "cached %d images (%s, %.1f MB) in %s in %.0f s"
        % (len(files), "2x box-downscaled" if downscale else "full resolution", data["pixels"].nbytes / 1e6,
           cache_path, time.time() - t0))
    return data


class Images:
    def __init__(self, data):
        self.pixels = data["pixels"]
        self.shapes = data["shapes"]
        self.offsets = data["offsets"]
        self.names = data["names"]

    def __len__(self):
        return len(self.shapes)

    def image(self, i):
        h, w = self.shapes[i]
        return self.pixels[self.offsets[i]:self.offsets[i + 1]].reshape(h, w, 3)


def to_model_space(batch_u8):
    """[B, H, W, 3] uint8 -> [B, 3, H, W] float in [-1, 1]."""
    t = torch.from_numpy(np.ascontiguousarray(batch_u8)).permute(0, 3, 1, 2).float()
    return t / 127.5 - 1.0


def sample_batch(images, indices, rng, batch, crop, dihedral, full_images=None, p_full=0.0):
    out = np.empty((batch, crop, crop, 3), np.uint8)
    for b in range(batch):
        i = indices[rng.integers(len(indices))]
        img = full_images.image(i) if full_images is not None and rng.random() < p_full else images.image(i)
        h, w = img.shape[:2]
        y = rng.integers(h - crop + 1)
        x = rng.integers(w - crop + 1)
        c = img[y:y + crop, x:x + crop]
        if rng.random() < 0.5:
            c = c[:, ::-1]
        if dihedral:
            if rng.random() < 0.5:
                c = c[::-1]
            if rng.random() < 0.5:
                c = c.transpose(1, 0, 2)
        out[b] = c
    return to_model_space(out)


def sample_sigma(rng_t, batch, p_uniform):
    ln = torch.randn(batch, generator=rng_t) * P_STD + P_MEAN
    lo, hi = math.log(M.SIGMA_MIN), math.log(M.SIGMA_MAX)
    uni = lo + (hi - lo) * torch.rand(batch, generator=rng_t)
    pick = torch.rand(batch, generator=rng_t) < p_uniform
    return torch.exp(torch.where(pick, uni, ln))


def validation_set(images, holdout):
    """One fixed central 64x64 crop per held-out image and fixed unit noise."""
    crops = []
    for i in holdout:
        img = images.image(i)
        h, w = img.shape[:2]
        y, x = (h - VAL_CROP) // 2, (w - VAL_CROP) // 2
        crops.append(img[y:y + VAL_CROP, x:x + VAL_CROP])
    u = to_model_space(np.stack(crops))
    g = torch.Generator().manual_seed(1234)
    return u, torch.randn(u.shape, generator=g)


def psnr01(d, u):
    """Mean PSNR (dB) in [0, 1] units over the batch; d, u in [-1, 1]."""
    mse = ((d.clamp(-1, 1) - u) ** 2).mean(dim=(1, 2, 3)) / 4.0
    return float((10.0 * torch.log10(1.0 / mse)).mean())


def validate(den, val):
    u, n = val
    res = {}
    with torch.no_grad():
        for s in (VAL_SIGMA,) + VAL_SIGMAS_EXTRA:
            x = u + s * n
            d = den(x, torch.full((u.shape[0],), s))
            res[s] = (psnr01(d, u), psnr01(x, u))
    return res


# ----------------------------------------------------------------------------------------------
# checkpoint

def save_checkpoint(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def lr_at(step, args):
    lr = args.lr * min(1.0, (step + 1) / max(1, args.warmup))
    if args.schedule == "cosine" and args.total_steps > args.decay_from:
        t = min(1.0, max(0.0, (step - args.decay_from) / (args.total_steps - args.decay_from)))
        lr *= 0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * t))
    return lr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "local", "train", "run1"),
                    help="run folder (checkpoint.pt, train.log); resumes when it holds a checkpoint")
    ap.add_argument("--data", default=DEFAULT_DATA, help="training image root (default ../shared/data/train)")
    ap.add_argument("--cache", default=DEFAULT_CACHE, help="uint8 cache of the 2x-downscaled images")
    ap.add_argument("--minutes", type=float, default=0, help="stop (and save) after this much wall time")
    ap.add_argument("--steps", type=int, default=0, help="stop (and save) at this total step count")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--crop", type=int, default=64, help="crop size (multiple of 8) on the 2x-downscaled images")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--warmup", type=int, default=500, help="linear learning-rate warm-up steps")
    ap.add_argument("--schedule", choices=("constant", "cosine"), default="constant")
    ap.add_argument("--total-steps", type=int, default=0, help="step at which the cosine schedule ends (at 0.1 lr)")
    ap.add_argument("--decay-from", type=int, default=0, help="step at which the cosine schedule starts")
    ap.add_argument("--full-res", type=float, default=0.0,
                    help="probability that a crop comes from the full-resolution image instead of the 2x-downscaled one")
    ap.add_argument("--full-cache", default=DEFAULT_FULL_CACHE, help="uint8 cache of the full-resolution images")
    ap.add_argument("--ema", type=float, default=0.999, help="EMA decay of the exported weights")
    ap.add_argument("--p-uniform", type=float, default=0.15,
                    help="share of noise levels drawn log-uniformly over [0.002, 80]")
    ap.add_argument("--grad-clip", type=float, default=1.0)
    ap.add_argument("--dihedral", action="store_true", help="also vertical flips and transposes")
    ap.add_argument("--channels", type=int, nargs=3, default=M.DEFAULT_CONFIG["channels"])
    ap.add_argument("--blocks", type=int, nargs=3, default=M.DEFAULT_CONFIG["blocks"])
    ap.add_argument("--refine", type=int, default=M.DEFAULT_CONFIG["refine"],
                    help="width of the full-resolution refinement stage (0: none)")
    ap.add_argument("--grow-from", default=None,
                    help="start a new run from this checkpoint's weights, adding the --refine stage "
                         "(zero-initialised, so the grown model starts as the checkpoint; fresh optimizer)")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--val-every", type=int, default=500)
    ap.add_argument("--save-every", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.crop % M.SPATIAL_MULTIPLE:
        sys.exit("--crop must be a multiple of %d" % M.SPATIAL_MULTIPLE)

    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    ck_path = os.path.join(out, "checkpoint.pt")

    stop = {"signal": None}

    def on_signal(signum, frame):
        stop["signal"] = signum
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    images = Images(build_cache(os.path.abspath(args.data), os.path.abspath(args.cache), out))
    holdout = list(range(0, len(images), HOLDOUT_EVERY))
    train_idx = [i for i in range(len(images)) if i % HOLDOUT_EVERY != 0
                 and min(images.shapes[i]) >= args.crop]
    val = validation_set(images, holdout)
    full_images = None
    if args.full_res > 0:
        full_images = Images(build_cache(os.path.abspath(args.data), os.path.abspath(args.full_cache), out,
                                         downscale=False))
        val_full = validation_set(full_images, holdout)

    config = {"channels": list(args.channels), "blocks": list(args.blocks),
              "emb_dim": M.DEFAULT_CONFIG["emb_dim"], "fourier": M.DEFAULT_CONFIG["fourier"],
              "refine": args.refine}
    grow = None
    if os.path.exists(ck_path):
        ck = torch.load(ck_path, map_location="cpu")
        ck["config"] = dict(M.DEFAULT_CONFIG, **ck["config"])
        if ck["config"] != config:
            log(out, "note: resuming with the checkpoint's architecture %s" % ck["config"])
        config = ck["config"]
    elif args.grow_from:
        ck = None
        grow = torch.load(os.path.abspath(args.grow_from), map_location="cpu")
        config = dict(M.DEFAULT_CONFIG, **grow["config"])
        config["refine"] = args.refine
    else:
        ck = None
    torch.manual_seed(args.seed)
    den = M.build(config)
    ema = copy.deepcopy(den).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    opt = torch.optim.Adam(den.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    rng = np.random.default_rng(args.seed)
    rng_t = torch.Generator().manual_seed(args.seed)
    step = 0
    train_seconds = 0.0
    if ck is not None:
        den.load_state_dict(ck["model"])
        ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["optimizer"])
        step = ck["step"]
        train_seconds = ck.get("train_seconds", 0.0)
        rng.bit_generator.state = ck["rng_numpy"]
        rng_t.set_state(ck["rng_torch"])
        random.setstate(ck["rng_python"])
        log(out, "resumed %s at step %d (%.1f min of training so far)" % (ck_path, step, train_seconds / 60))
    elif grow is not None:
        for target, key in ((den, "model"), (ema, "ema")):
            missing, unexpected = target.load_state_dict(grow[key], strict=False)
            if unexpected or any(not k.startswith("net.refine.") for k in missing):
                sys.exit("--grow-from %s: architectures differ beyond the refinement stage (missing %s, "
                         "unexpected %s)" % (args.grow_from, missing, unexpected))
        step = grow["step"]
        train_seconds = grow.get("train_seconds", 0.0)
        random.seed(args.seed)
        log(out, "new run in %s grown from %s at step %d (refinement width %d)"
            % (out, os.path.abspath(args.grow_from), step, args.refine))
        del grow
    else:
        random.seed(args.seed)
        log(out, "new run in %s" % out)
    del ck
    log(out, "model: channels %s, blocks %s, refine %d, %d parameters; %d training images (%d held out for validation); "
        "batch %d, crop %d, lr %g (%s), ema %g, p_uniform %g, full-resolution crops %g"
        % (config["channels"], config["blocks"], config.get("refine", 0), M.parameter_count(den), len(train_idx), len(holdout),
           args.batch, args.crop, args.lr, args.schedule, args.ema, args.p_uniform, args.full_res))

    def state():
        return {"model": den.state_dict(), "ema": ema.state_dict(), "optimizer": opt.state_dict(),
                "step": step, "config": config, "args": vars(args), "train_seconds": train_seconds,
                "rng_numpy": rng.bit_generator.state, "rng_torch": rng_t.get_state(),
                "rng_python": random.getstate(),
                "data": {"root": os.path.abspath(args.data), "subsets": list(SUBSETS),
                         "images": len(images), "holdout_every": HOLDOUT_EVERY,
                         "downscale": "2x2 box mean",
                         "full_resolution_fraction": args.full_res}}

    saved_at = [step if os.path.exists(ck_path) else -1]

    def save(reason):
        saved_at[0] = step
        save_checkpoint(ck_path, state())
        log(out, "saved %s at step %d (%s)" % (ck_path, step, reason))

    if step == 0:
        r = validate(ema, val)
        log(out, "step 0 val PSNR at sigma 25/255: %.2f dB (noisy %.2f dB)" % r[VAL_SIGMA])

    t_start = time.time()
    t_log = t_start
    steps_since_log = 0
    loss_acc = 0.0
    reason = None
    den.train()
    while True:
        if stop["signal"] is not None:
            reason = "signal %d" % stop["signal"]
            break
        if args.steps and step >= args.steps:
            reason = "reached --steps %d" % args.steps
            break
        if args.minutes and time.time() - t_start >= args.minutes * 60:
            reason = "reached --minutes %g" % args.minutes
            break
        t_step = time.time()
        lr = lr_at(step, args)
        for g in opt.param_groups:
            g["lr"] = lr
        u = sample_batch(images, train_idx, rng, args.batch, args.crop, args.dihedral, full_images, args.full_res)
        sigma = sample_sigma(rng_t, args.batch, args.p_uniform)
        n = torch.randn(u.shape, generator=rng_t)
        x = u + sigma[:, None, None, None] * n
        f, c_skip, c_out = den.raw(x, sigma)
        target = (u - c_skip[:, None, None, None] * x) / c_out[:, None, None, None]
        loss = ((f - target) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if args.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(den.parameters(), args.grad_clip)
        opt.step()
        decay = min(args.ema, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            for pe, pm in zip(ema.parameters(), den.parameters()):
                pe.mul_(decay).add_(pm.detach(), alpha=1.0 - decay)
            for be, bm in zip(ema.buffers(), den.buffers()):
                be.copy_(bm)
        step += 1
        train_seconds += time.time() - t_step
        loss_acc += float(loss)
        steps_since_log += 1
        if not math.isfinite(float(loss)):
            log(out, "loss is not finite at step %d; stopping without saving" % step)
            sys.exit(1)
        if step % args.log_every == 0:
            now = time.time()
            log(out, "step %d loss %.4f lr %.2e %.2f steps/s elapsed %.1f min"
                % (step, loss_acc / steps_since_log, lr, steps_since_log / (now - t_log), (now - t_start) / 60))
            t_log, steps_since_log, loss_acc = now, 0, 0.0
        if step % args.val_every == 0:
            r = validate(ema, val)
            extra = ", ".join("sigma %g: %.2f dB (noisy %.2f)" % (s, r[s][0], r[s][1]) for s in VAL_SIGMAS_EXTRA)
            log(out, "step %d val PSNR (EMA, held-out train crops) at sigma 25/255: %.2f dB (noisy %.2f dB); %s"
                % (step, r[VAL_SIGMA][0], r[VAL_SIGMA][1], extra))
            if full_images is not None:
                rf = validate(ema, val_full)
                log(out, "step %d val PSNR on full-resolution held-out crops: %s" % (step, ", ".join(
                    "sigma %g: %.2f dB (noisy %.2f)" % (s, rf[s][0], rf[s][1]) for s in (VAL_SIGMA,) + VAL_SIGMAS_EXTRA)))
        if step % args.save_every == 0:
            save("every %d steps" % args.save_every)
    if saved_at[0] != step:
        save(reason)
    log(out, "stopped: %s" % reason)


if __name__ == "__main__":
    main()
