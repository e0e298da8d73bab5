#!/usr/bin/python3
"""Exports a train.py checkpoint (EMA weights) as the codec's default prior: ONNX + model card.

    /usr/bin/python3 tools/train/export.py --checkpoint local/train/run1/checkpoint.pt
    # -> models/default/rdpc-default.onnx and models/default/rdpc-default.json

The graph is the EDM denoiser itself, with the preconditioning baked in, which is what the Java
adapter expects of parameterization EDM (Parameterizations.java: network input = x in the
model's range, D = network output):

    inputs   x      float [1, 3, H, W]   noisy image in [-1, 1] units, H and W multiples of 8
             sigma  float [1]            noise level, same units (card noiseEncoding "sigma")
    output   denoised float [1, 3, H, W] D(x; sigma) = c_skip x + c_out F(c_in x; ln(sigma)/4)

ONNX opset 17, dynamic H and W. The card: parameterization EDM, valueRange [-1, 1], channels 3,
spatialMultiple 8, sigma range [0.002, 80], provenance (training data sources and their licences,
steps, parameter count), licence, SHA-256 of the .onnx file. The file is checked with onnx.load
and onnx.checker (full check); ONNX Runtime is not available in Python, so the numerical check
against torch runs in Java (OnnxCheck.java, see README.md), fed by --reference-dir.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import cards  # noqa: E402
import model as M  # noqa: E402

DEFAULT_OUT = os.path.join(REPO, "models", "default", "rdpc-default.onnx")
OPSET = 17

DATA_SOURCES = (
    "CBSD432 (432 colour BSDS500 images, disjoint from CBSD68; from GitHub Magauiya/Extended_SURE "
    "Dataset/CBSD432; BSDS licence: research, non-commercial)",
    "Urban100 (100 images from Flickr, JPEG q95, longest side 640; from GitHub majedelhelou/denoising_datasets "
    "CUrban100; research use)",
    "imagenet-sample (600 ImageNet images, one per class of 600 classes, JPEG q92; from GitHub "
    "EliSchwartz/imagenet-sample-images; ImageNet terms: research, non-commercial)",
)
LICENCE = ("LicenseRef-rdpc-research-non-commercial: weights trained on BSDS500 (CBSD432), Urban100 and "
           "ImageNet images; research, non-commercial use only")


def provenance(ck, params, note="", flip_ensemble=1):
    a = ck["args"]
    cfg = ck["config"]
    full = a.get("full_res", 0.0)
    scale = ("each downscaled 2x by 2x2 box averaging" if not full else
             "crops taken from the full-resolution image with probability %g, else from the image downscaled 2x "
             "by 2x2 box averaging" % full)
    return ("rdpc default prior, trained from scratch by tools/train/train.py (EDM denoising score matching, "
            "Karras et al. 2022 preconditioning, sigma_data 0.5; ln sigma ~ N(-1.2, 1.2^2) with %g%% of sigma "
            "log-uniform over [0.002, 80]) for %d steps (batch %d, %dx%d crops, Adam lr %g, EMA %g; %.1f h of "
            "training on CPU); U-Net channels %s, residual blocks %s, no attention, %d parameters; exported "
            "(EMA weights) by tools/train/export.py, ONNX opset %d. Training data: only the project's "
            "train/ images, %s, random crops and horizontal flips%s; "
            "never the eval/ sets (Kodak, CBSD68). Sources: %s.%s"
            % (100 * a["p_uniform"], ck["step"], a["batch"], a["crop"], a["crop"], a["lr"], a["ema"],
               ck.get("train_seconds", 0.0) / 3600, cfg["channels"], cfg["blocks"], params, OPSET,
               scale, " (and vertical flips and transposes)" if a.get("dihedral") else "", "; ".join(DATA_SOURCES),
               (" Training history: " + note) if note else "")
            + (" The exported graph averages the denoiser over %d mirror images of its input (model.FlipEnsemble), "
               "%d forward passes per call." % (flip_ensemble, flip_ensemble) if flip_ensemble > 1 else ""))


def write_reference(den, ref_dir, sigma, size, seed):
    """A noisy held-out training crop, its clean version and torch's D, as raw little-endian float32."""
    sys.path.insert(0, HERE)
    import train as T
    cache = T.DEFAULT_CACHE
    if not os.path.exists(cache):
        raise SystemExit("no training cache %s (run train.py once)" % cache)
    with np.load(cache) as z:
        images = T.Images({k: z[k] for k in ("pixels", "shapes", "offsets", "names")})
    img = images.image(T.HOLDOUT_EVERY)  # a held-out training image, never eval/
    h, w = img.shape[:2]
    y, x0 = (h - size) // 2, (w - size) // 2
    u = T.to_model_space(img[None, y:y + size, x0:x0 + size])
    g = torch.Generator().manual_seed(seed)
    x = u + sigma * torch.randn(u.shape, generator=g)
    with torch.no_grad():
        d = den(x, torch.full((1,), sigma))
    os.makedirs(ref_dir, exist_ok=True)
    for name, t in (("clean", u), ("noisy", x), ("denoised_torch", d)):
        t.numpy().astype("<f4").tofile(os.path.join(ref_dir, name + ".f32"))
    meta = {"shape": [1, 3, size, size], "sigma": sigma, "image": str(images.names[T.HOLDOUT_EVERY]),
            "psnr_noisy_db": T.psnr01(x, u), "psnr_denoised_torch_db": T.psnr01(d, u)}
    with open(os.path.join(ref_dir, "reference.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print("reference in %s: %s" % (ref_dir, meta))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=os.path.join(REPO, "local", "train", "run1", "checkpoint.pt"))
    ap.add_argument("--out", default=DEFAULT_OUT, help="ONNX file to write; the card goes beside it (.json)")
    ap.add_argument("--name", default="rdpc-default")
    ap.add_argument("--history", default="", help="text appended to the card's provenance: the runs behind the "
                    "checkpoint when their settings changed between resumptions")
    ap.add_argument("--reference-dir", help="also write a 64x64 reference case for OnnxCheck.java here")
    ap.add_argument("--reference-sigma", type=float, default=0.2)
    ap.add_argument("--flip-ensemble", type=int, default=1, choices=(1, 2, 4),
                    help="average the denoiser over this many mirror images (model.FlipEnsemble); "
                    "each costs one forward pass. Default: 1")
    args = ap.parse_args()
    torch.set_num_threads(2)

    ck = torch.load(args.checkpoint, map_location="cpu")
    den = M.build(ck["config"])
    den.load_state_dict(ck["ema"])
    den.eval()
    params = M.parameter_count(den)
    if args.flip_ensemble > 1:
        den = M.FlipEnsemble(den, args.flip_ensemble)
        den.eval()

    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    x = torch.randn(1, 3, 64, 96)
    s = torch.full((1,), 0.5)
    tmp = out + ".tmp"
    with torch.no_grad():
        torch.onnx.export(den, (x, s), tmp, opset_version=OPSET, input_names=["x", "sigma"],
                          output_names=["denoised"],
                          dynamic_axes={"x": {2: "H", 3: "W"}, "denoised": {2: "H", 3: "W"}},
                          do_constant_folding=True)
    os.replace(tmp, out)
    card = cards.make_card(args.name, "EDM", [-1, 1], 3, M.SPATIAL_MULTIPLE, M.SIGMA_MIN, M.SIGMA_MAX,
                           "x", "sigma", "denoised", "sigma", provenance(ck, params, args.history, args.flip_ensemble), LICENCE)
    card_path, sha, size = cards.write_model(out, card)
    print("wrote %s (%d bytes, sha256 %s) and %s" % (out, size, sha, card_path))
    print("checkpoint step %d, %d parameters; onnx.load + onnx.checker (full) passed" % (ck["step"], params))
    if args.reference_dir:
        write_reference(den, os.path.abspath(args.reference_dir), args.reference_sigma, 64, 7)


if __name__ == "__main__":
    main()
