#!/usr/bin/python3
"""Converts the two pretrained third-party denoisers to ONNX models with rdpc model cards.

The weights are NOT redistributable (neither source repository has a licence file), so the
output must stay outside the git-tracked tree: by default it goes to <repo>/local/models/, which
.gitignore excludes (/local/). Nothing converted from the weights may ever be committed.

  ffdnet-color   from ../shared/models/third-party/ffdnet/FFDNet_color.mat (cszn/FFDNet, MatConvNet,
                 MATLAB v7.3 = HDF5). Card: CLEAN_SIGMA_MAP, value range [0, 1], spatialMultiple 2.
                 ONNX input "noisy_and_sigma" [1, 4, H, W] = RGB image in [0, 1] followed by a constant
                 map holding sigma in [0, 1] units (what OnnxDenoiser feeds a CLEAN_SIGMA_MAP model);
                 output "clean" [1, 3, H, W]. Inside the graph: SpaceToDepth(2) of all 4 channels, a
                 Gather that picks the 12 image sub-channels in MatConvNet's order plus one sigma
                 sub-channel (the sigma map at half resolution) = the 13-channel FFDNet input, 12 convs
                 3x3 (96 channels, ReLU between), a Gather back to DepthToSpace order, DepthToSpace(2).
  bf-cnn-color   from ../shared/models/third-party/bf-cnn/model.pt (LabForComputationalVision/
                 universal_inverse_problem, PyTorch zip checkpoint). Card: BLIND_RESIDUAL, value range
                 [0, 1]. ONNX input "noisy" [1, 3, H, W] in [0, 1], output "residual" [1, 3, H, W]
                 (clean = noisy - residual). The eval-mode scaling of layers 2..19 (divide by running_sd,
                 multiply by gammas, both per output channel) is folded into those convolutions'
                 weights (exact: the layers are bias free and the scaling precedes the ReLU).

Layout details (see ../shared/models/third-party/README.md):
  * h5py returns a MATLAB array of shape (H, W, in, out) reversed, i.e. (out, in, W, H): the last two
    axes are swapped back to ONNX's (out, in, kH, kW). MatConvNet's vl_nnconv is a correlation, as
    ONNX Conv is, with zero padding 1.
  * MatConvNet's sub-pixel layer numbers the 4 sub-positions k = row offset + 2 * column offset.
    How the 3 colours interleave with k is not documented in the README; this script tries both
    plausible orders (colour-major c * 4 + k and position-major k * 3 + c) on a noisy Kodak crop with
    a numpy reference forward pass and keeps the one that denoises (the other is ~10 dB worse).
  * The PyTorch checkpoint is read without torch: zipfile + a restricted pickle.Unpickler that only
    knows collections.OrderedDict, torch._utils._rebuild_tensor_v2 and the torch *Storage classes,
    and rebuilds every tensor as a numpy array view (offset, size, stride) of its data/ entry.

Sanity check (numpy only): the written ONNX files are read back and executed by a small numpy
interpreter of the handful of ONNX operators they use (onnx 1.12 has no onnx.reference), on a
256x256 crop of kodim01 with Gaussian noise (fixed seed); PSNRs are printed.

Run from anywhere:  /usr/bin/python3 tools/python/convert_third_party.py [--out DIR] [--shared DIR]
(needs the Debian packages python3-onnx, python3-numpy and python3-h5py; ONNX opset 17).
"""

import argparse
import collections
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import zipfile
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_graph import GraphBuilder  # noqa: E402  (the shared helper beside this script)

OPSET = 17
IR_VERSION = 8
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "local", "models")
DEFAULT_SHARED = os.path.abspath(os.path.join(REPO, "..", "shared"))

LICENCE = "no licence file: not redistributable; benchmark use only"
# Smallest noise level on the cards (must be > 0); the models were trained from sigma 0.
SIGMA_MIN01 = 0.001


# ----------------------------------------------------------------------------------------------
# Reading the weights
# ----------------------------------------------------------------------------------------------

def read_ffdnet(path):
    """Returns [(weight (out, in, 3, 3) float32, bias (out,) float32)] of the 12 conv layers."""
    import h5py
    convs = []
    with h5py.File(path, "r") as f:
        layers = f["net"]["layers"]
        types = []
        for ref in layers[:].ravel():
            g = f[ref]
            kind = "".join(chr(c) for c in g["type"][:].ravel())
            types.append(kind)
            if kind != "conv":
                continue
            w_ref, b_ref = g["weights"][:].ravel()
            w = np.asarray(f[w_ref][:], dtype=np.float32)          # (out, in, W, H)
            b = np.asarray(f[b_ref][:], dtype=np.float32).ravel()
            stride = float(np.asarray(g["stride"][:]).ravel()[0])
            pad = float(np.asarray(g["pad"][:]).ravel()[0])
            if stride != 1 or pad != 1 or w.shape[2:] != (3, 3) or b.shape[0] != w.shape[0]:
                raise ValueError("unexpected conv layer: %s stride %s pad %s" % (w.shape, stride, pad))
            convs.append((np.ascontiguousarray(w.transpose(0, 1, 3, 2)), b))
    expected = ["SubP", "concat"] + ["conv", "relu"] * 11 + ["conv", "SubP"]
    if types != expected:
        raise ValueError("unexpected FFDNet layer sequence %s" % types)
    if convs[0][0].shape[:2] != (96, 13) or convs[-1][0].shape[:2] != (12, 96):
        raise ValueError("unexpected FFDNet channel counts")
    n = sum(w.size + b.size for w, b in convs)
    if n != 852108:
        raise ValueError("FFDNet has %d parameters, expected 852108" % n)
    return convs


class _Storage:
    """Placeholder for a torch storage class named in the pickle (e.g. torch.FloatStorage)."""

    DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
              "LongStorage": np.int64, "IntStorage": np.int32}

    def __init__(self, name):
        self.dtype = np.dtype(self.DTYPES[name]).newbyteorder("<")


def _rebuild_tensor_v2(storage, offset, size, stride, requires_grad=False, hooks=None, *rest):
    """numpy stand-in for torch._utils._rebuild_tensor_v2: a strided view of the storage."""
    item = storage.itemsize
    view = np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                           strides=tuple(s * item for s in stride))
    return np.array(view)  # own, contiguous copy


class _TorchUnpickler(pickle.Unpickler):
    """Unpickles a torch state dict to numpy arrays; refuses every global it does not know."""

    def __init__(self, data, zf, prefix):
        super().__init__(data)
        self.zf = zf
        self.prefix = prefix

    def find_class(self, module, name):
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        if module == "torch" and name in _Storage.DTYPES:
            return _Storage(name)
        raise pickle.UnpicklingError("refusing to unpickle global %s.%s" % (module, name))

    def persistent_load(self, pid):
        # ('storage', storage_type, key, location, numel)
        if not isinstance(pid, tuple) or len(pid) != 5 or pid[0] != "storage":
            raise pickle.UnpicklingError("unexpected persistent id %r" % (pid,))
        kind, key, numel = pid[1], pid[2], pid[4]
        raw = self.zf.read(self.prefix + "data/" + key)
        arr = np.frombuffer(raw, dtype=kind.dtype)
        if arr.size != numel:
            raise pickle.UnpicklingError("storage %s has %d elements, expected %d" % (key, arr.size, numel))
        return arr


def read_torch_state_dict(path):
    with zipfile.ZipFile(path) as zf:
        pkl = [n for n in zf.namelist() if n.endswith("/data.pkl")]
        if len(pkl) != 1:
            raise ValueError("%s: expected one data.pkl, found %s" % (path, pkl))
        prefix = pkl[0][:-len("data.pkl")]
        return _TorchUnpickler(io.BytesIO(zf.read(pkl[0])), zf, prefix).load()


def read_bfcnn(path):
    """Returns the 20 conv weights (out, in, 3, 3) float32 with the layer 2..19 scaling folded in."""
    sd = read_torch_state_dict(path)
    n_layers = sum(1 for k in sd if k.startswith("conv_layers."))
    if n_layers != 20 or len(sd) != 20 + 2 * 18:
        raise ValueError("unexpected BF-CNN state dict keys: %s" % list(sd))
    n = sum(v.size for v in sd.values())  # conv weights + running_sd + gammas
    if n != 669312:
        raise ValueError("BF-CNN has %d parameters, expected 669312" % n)
    weights = []
    for i in range(20):
        w = sd["conv_layers.%d.weight" % i].astype(np.float64)
        if i in range(1, 19):
            rsd = sd["running_sd.%d" % (i - 1)].astype(np.float64).ravel()
            gam = sd["gammas.%d" % (i - 1)].astype(np.float64).ravel()
            if rsd.shape != (w.shape[0],) or gam.shape != (w.shape[0],) or not np.all(rsd > 0):
                raise ValueError("bad running_sd / gammas of layer %d" % (i + 1))
            w = w * (gam / rsd)[:, None, None, None]
        weights.append(w.astype(np.float32))
    if weights[0].shape[:2] != (64, 3) or weights[-1].shape[:2] != (3, 64):
        raise ValueError("unexpected BF-CNN channel counts")
    return weights


# ----------------------------------------------------------------------------------------------
# Sub-pixel orders
# ----------------------------------------------------------------------------------------------

def matlab_subpixel_order(colour_major):
    """FFDNet channel m -> (colour c, row offset r, column offset s), with k = r + 2 s."""
    order = []
    if colour_major:
        for c in range(3):
            for k in range(4):
                order.append((c, k % 2, k // 2))
    else:
        for k in range(4):
            for c in range(3):
                order.append((c, k % 2, k // 2))
    return order


def s2d_index(c, r, s, channels):
    """Channel of ONNX SpaceToDepth / DepthToSpace (DCR), blocksize 2: (r * 2 + s) * C + c."""
    return (r * 2 + s) * channels + c


# ----------------------------------------------------------------------------------------------
# ONNX graphs
# ----------------------------------------------------------------------------------------------

class Graph(GraphBuilder):
    def conv(self, x, w, b=None):
        ins = [x, self.const(w.astype(np.float32), "w")]
        if b is not None:
            ins.append(self.const(b.astype(np.float32), "b"))
        return self.op("Conv", ins, kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1], dilations=[1, 1],
                       group=1)

    def model(self, name, inputs, outputs, doc):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.initializers)
        model = helper.make_model(graph, producer_name="rdpc convert_third_party.py", producer_version="1",
                                  opset_imports=[helper.make_opsetid("", OPSET)], doc_string=doc)
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model, full_check=True)
        return model


def image_value(name, channels):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, channels, "H", "W"])


def ffdnet_graph(convs, order):
    g = Graph()
    s2d = g.op("SpaceToDepth", ["noisy_and_sigma"], blocksize=2)          # [1, 16, H/2, W/2]
    pick = [s2d_index(c, r, s, 4) for (c, r, s) in order] + [s2d_index(3, 0, 0, 4)]
    x = g.op("Gather", [s2d, g.const(np.array(pick, np.int64), "ffdnet_in_order")], axis=1)  # [1, 13, ...]
    for i, (w, b) in enumerate(convs):
        x = g.conv(x, w, b)
        if i < len(convs) - 1:
            x = g.op("Relu", [x])
    # x: [1, 12, H/2, W/2] in FFDNet order -> DepthToSpace (DCR) order
    position = {rcs: m for m, rcs in enumerate(order)}
    back = [0] * 12
    for c in range(3):
        for r in range(2):
            for s in range(2):
                back[s2d_index(c, r, s, 3)] = position[(c, r, s)]
    y = g.op("Gather", [x, g.const(np.array(back, np.int64), "d2s_order")], axis=1)
    g.op("DepthToSpace", [y], output="clean", blocksize=2, mode="DCR")
    return g.model("ffdnet_color", [image_value("noisy_and_sigma", 4)], [image_value("clean", 3)],
                   "FFDNet colour (Zhang, Zuo, Zhang 2018), input RGB [0,1] + sigma map [0,1] units, "
                   "output the clean image; converted by rdpc tools/python/convert_third_party.py")


def bfcnn_graph(weights):
    g = Graph()
    x = "noisy"
    for i, w in enumerate(weights):
        x = g.conv(x, w)
        if i < len(weights) - 1:
            x = g.op("Relu", [x])
    g.nodes[-1].output[0] = "residual"
    return g.model("bf_cnn_color", [image_value("noisy", 3)], [image_value("residual", 3)],
                   "BF-CNN colour (Kadkhodaie & Simoncelli 2021), blind and bias free, input RGB [0,1], "
                   "output the noise residual; converted by rdpc tools/python/convert_third_party.py")


# ----------------------------------------------------------------------------------------------
# numpy execution (reference forward passes and a mini ONNX interpreter)
# ----------------------------------------------------------------------------------------------

def conv3x3(x, w, b=None):
    """Correlation, zero padding 1, x (C, H, W) float32, w (O, C, 3, 3)."""
    c, h, wd = x.shape
    xp = np.zeros((c, h + 2, wd + 2), np.float32)
    xp[:, 1:-1, 1:-1] = x
    cols = np.empty((c, 3, 3, h, wd), np.float32)
    for dy in range(3):
        for dx in range(3):
            cols[:, dy, dx] = xp[:, dy:dy + h, dx:dx + wd]
    y = w.reshape(w.shape[0], -1).astype(np.float32) @ cols.reshape(c * 9, h * wd)
    if b is not None:
        y += b.astype(np.float32)[:, None]
    return y.reshape(w.shape[0], h, wd)


def ffdnet_reference(convs, order, img, sigma01):
    """Direct numpy FFDNet forward of img (3, H, W) in [0,1] with the given sub-pixel order."""
    _, h, w = img.shape
    x = np.empty((13, h // 2, w // 2), np.float32)
    for m, (c, r, s) in enumerate(order):
        x[m] = img[c, r::2, s::2]
    x[12] = sigma01
    for i, (wt, b) in enumerate(convs):
        x = conv3x3(x, wt, b)
        if i < len(convs) - 1:
            x = np.maximum(x, 0)
    out = np.empty_like(img)
    for m, (c, r, s) in enumerate(order):
        out[c, r::2, s::2] = x[m]
    return out


def run_onnx_numpy(model, feeds):
    """Executes the operators these converted graphs use (batch 1), in float32."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        a = {at.name: helper.get_attribute_value(at) for at in node.attribute}
        ins = [env[i] for i in node.input]
        if node.op_type == "Conv":
            if list(a.get("kernel_shape", [3, 3])) != [3, 3] or list(a.get("pads", [1] * 4)) != [1] * 4:
                raise NotImplementedError("conv attributes %s" % a)
            y = conv3x3(ins[0][0], ins[1], ins[2] if len(ins) > 2 else None)[None]
        elif node.op_type == "Relu":
            y = np.maximum(ins[0], 0)
        elif node.op_type == "Gather":
            y = np.take(ins[0], ins[1], axis=a.get("axis", 0))
        elif node.op_type == "SpaceToDepth":
            bs = a["blocksize"]
            n, c, h, w = ins[0].shape
            y = ins[0].reshape(n, c, h // bs, bs, w // bs, bs).transpose(0, 3, 5, 1, 2, 4)
            y = y.reshape(n, c * bs * bs, h // bs, w // bs)
        elif node.op_type == "DepthToSpace":
            bs = a["blocksize"]
            if a.get("mode", b"DCR") not in (b"DCR", "DCR"):
                raise NotImplementedError("DepthToSpace mode %s" % a["mode"])
            n, c, h, w = ins[0].shape
            y = ins[0].reshape(n, bs, bs, c // (bs * bs), h, w).transpose(0, 3, 4, 1, 5, 2)
            y = y.reshape(n, c // (bs * bs), h * bs, w * bs)
        else:
            raise NotImplementedError(node.op_type)
        env[node.output[0]] = np.ascontiguousarray(y, dtype=np.float32)
    return env[model.graph.output[0].name]


# ----------------------------------------------------------------------------------------------
# A minimal PNG reader (8-bit grey / RGB / RGBA, not interlaced) for the sanity check
# ----------------------------------------------------------------------------------------------

def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s is not a PNG" % path)
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = hdr
    channels = {0: 1, 2: 3, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise ValueError("%s: unsupported PNG (depth %d, colour type %d, interlace %d)" % (path, depth, ctype,
                                                                                           interlace))
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), np.uint8)
    stride = width * channels
    rows = raw.reshape(height, stride + 1)
    out = np.zeros((height, stride), np.int32)
    prev = np.zeros(stride, np.int32)
    bpp = channels
    for y in range(height):
        ft, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        if ft == 0:
            cur = line
        elif ft == 1:
            cur = line.reshape(-1, bpp).cumsum(axis=0).ravel() % 256
        elif ft == 2:
            cur = (line + prev) % 256
        elif ft in (3, 4):
            cur = np.zeros(stride, np.int32)
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                up = prev[i]
                if ft == 3:
                    pred = (left + up) // 2
                else:
                    ul = prev[i - bpp] if i >= bpp else 0
                    p = left + up - ul
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                    pred = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
                cur[i] = (line[i] + pred) % 256
        else:
            raise ValueError("bad PNG filter %d" % ft)
        out[y] = cur
        prev = cur
    img = out.reshape(height, width, channels)[:, :, :3] if channels >= 3 else \
        np.repeat(out.reshape(height, width, 1), 3, axis=2)
    return img.transpose(2, 0, 1).astype(np.float32)  # (3, H, W), 0..255


def psnr(a255, ref255):
    mse = np.mean((np.clip(a255, 0, 255).astype(np.float64) - ref255.astype(np.float64)) ** 2)
    return 10 * np.log10(255.0 ** 2 / mse)


# ----------------------------------------------------------------------------------------------

def write(out_dir, stem, model, card):
    data = model.SerializeToString()
    path = os.path.join(out_dir, stem + ".onnx")
    with open(path, "wb") as f:
        f.write(data)
    card["sha256"] = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out_dir, stem + ".json"), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print("%-20s %9d bytes  sha256 %s" % (stem + ".onnx", len(data), card["sha256"]))
    return path


def file_sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: <repo>/local/models)")
    ap.add_argument("--shared", default=DEFAULT_SHARED, help="the shared folder (default: <repo>/../shared)")
    ap.add_argument("--crop", type=int, default=256, help="sanity-check crop size (default 256)")
    ap.add_argument("--no-check", action="store_true", help="skip the numpy sanity check")
    args = ap.parse_args()
    out_dir = os.path.abspath(args.out)
    if os.path.commonpath([out_dir, REPO]) == REPO and \
            os.path.commonpath([out_dir, os.path.join(REPO, "local")]) != os.path.join(REPO, "local"):
        sys.exit("refusing to write converted third-party weights inside the tracked tree: %s "
                 "(use <repo>/local/...)" % out_dir)
    os.makedirs(out_dir, exist_ok=True)
    third = os.path.join(args.shared, "models", "third-party")
    ffd_path = os.path.join(third, "ffdnet", "FFDNet_color.mat")
    bf_path = os.path.join(third, "bf-cnn", "model.pt")

    rng = np.random.default_rng(1234)
    kodak = os.path.join(args.shared, "data", "eval", "kodak", "kodim01.png")
    crop = read_png(kodak)[:, :args.crop, :args.crop]
    noise = rng.standard_normal(crop.shape).astype(np.float32)

    # --- FFDNet ---
    convs = read_ffdnet(ffd_path)
    sigma = 25.0
    noisy = crop + sigma * noise
    best = None
    for colour_major in (True, False):
        order = matlab_subpixel_order(colour_major)
        den = ffdnet_reference(convs, order, noisy / 255.0, sigma / 255.0) * 255.0
        p = psnr(den, crop)
        print("FFDNet numpy reference, sub-channel order %s: %.2f dB" %
              ("colour*4 + k" if colour_major else "k*3 + colour", p))
        if best is None or p > best[0]:
            best = (p, colour_major, order)
    order = best[2]
    model = ffdnet_graph(convs, order)
    ffd_card = {
        "cardVersion": 1,
        "name": "ffdnet-color",
        "parameterization": "CLEAN_SIGMA_MAP",
        "valueRange": [0, 1],
        "channels": 3,
        "spatialMultiple": 2,
        "sigmaMin": SIGMA_MIN01,
        "sigmaMax": 75.0 / 255.0,
        "imageInput": "noisy_and_sigma",
        "output": "clean",
        "noiseEncoding": "sigma",
        "provenance": ("FFDNet colour model (K. Zhang, W. Zuo, L. Zhang, 'FFDNet: Toward a Fast and Flexible "
                       "Solution for CNN based Image Denoising', IEEE TIP 2018), GitHub cszn/FFDNet "
                       "models/FFDNet_color.mat (sha256 %s), trained for sigma in [0, 75/255]; converted by "
                       "rdpc tools/python/convert_third_party.py (sub-pixel order %s)"
                       % (file_sha256(ffd_path), "colour*4 + k" if best[1] else "k*3 + colour")),
        "licence": LICENCE,
    }
    ffd_onnx = write(out_dir, "ffdnet-color", model, ffd_card)

    # --- BF-CNN ---
    weights = read_bfcnn(bf_path)
    model_bf = bfcnn_graph(weights)
    bf_card = {
        "cardVersion": 1,
        "name": "bf-cnn-color",
        "parameterization": "BLIND_RESIDUAL",
        "valueRange": [0, 1],
        "channels": 3,
        "spatialMultiple": 1,
        "sigmaMin": SIGMA_MIN01,
        "sigmaMax": 100.0 / 255.0,
        "imageInput": "noisy",
        "output": "residual",
        "noiseEncoding": "none",
        "provenance": ("BF-CNN colour, blind and bias free (Z. Kadkhodaie, E. P. Simoncelli, 'Solving linear "
                       "inverse problems using the prior implicit in a denoiser', NeurIPS 2021; S. Mohan et al., "
                       "'Robust and interpretable blind image denoising via bias-free CNNs', ICLR 2020), GitHub "
                       "LabForComputationalVision/universal_inverse_problem denoisers/BF_CNN/BSD300_color/"
                       "noise_range_0to100/model.pt (sha256 %s), trained on BSD300 for sigma in [0, 100/255]; "
                       "running_sd/gammas folded into the conv weights by rdpc "
                       "tools/python/convert_third_party.py" % file_sha256(bf_path)),
        "licence": LICENCE,
    }
    bf_onnx = write(out_dir, "bf-cnn-color", model_bf, bf_card)

    if args.no_check:
        return
    # --- sanity check: execute the written ONNX files with numpy ---
    m = onnx.load(ffd_onnx)
    for sigma in (15.0, 25.0, 50.0):
        noisy = crop + sigma * noise
        inp = np.concatenate([noisy / 255.0, np.full((1,) + crop.shape[1:], sigma / 255.0, np.float32)])
        out = run_onnx_numpy(m, {"noisy_and_sigma": inp[None].astype(np.float32)})[0] * 255.0
        print("ffdnet-color.onnx  sigma %2d/255 on a %dx%d Kodak crop: noisy %.2f dB -> %.2f dB"
              % (sigma, crop.shape[1], crop.shape[2], psnr(noisy, crop), psnr(out, crop)))
    m = onnx.load(bf_onnx)
    for sigma in (15.0, 25.0, 50.0):
        noisy = crop + sigma * noise
        res = run_onnx_numpy(m, {"noisy": (noisy / 255.0)[None].astype(np.float32)})[0]
        out = (noisy / 255.0 - res) * 255.0
        print("bf-cnn-color.onnx  sigma %2d/255 on a %dx%d Kodak crop: noisy %.2f dB -> %.2f dB"
              % (sigma, crop.shape[1], crop.shape[2], psnr(noisy, crop), psnr(out, crop)))


if __name__ == "__main__":
    main()
