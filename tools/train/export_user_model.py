#!/usr/bin/python3
"""Exports your own PyTorch denoising model to the rdpc decoder's ONNX contract + model card.

Two kinds of model are supported (see dev.rdpc.decoder.onnx.Parameterizations for the maths):

  --kind eps-vp   a variance-preserving epsilon-prediction model (DDPM / ADM style):
                  forward(x_vp, t) -> eps, x_vp [1, C, H, W] = sqrt(alpha_bar) x, t a float
                  tensor [1] holding the (fractional) timestep of a linear beta schedule
                  (--beta-start, --beta-end, --timesteps). Card: EPSILON_VP, noiseEncoding
                  "timestep", the betaSchedule, sigma range = the schedule's sigma(0) .. sigma(T-1).
                  --round-timestep feeds round(t) as int64 to models that need integer steps;
                  --slice-output keeps the first C output channels (ADM's learned-variance models
                  output 2C).
  --kind clean    a model forward(x, sigma) -> clean image estimate E[u | x], x = u + sigma n,
                  sigma a float tensor [1] in the model's own value units. Exported as
                  CLEAN_SIGMA_MAP (default): the graph takes one input [1, C + 1, H, W] whose last
                  channel is a constant sigma map (the wrapper averages it to get sigma), or with
                  --as-edm as EDM: two inputs x [1, C, H, W] and sigma [1], output D directly.

Your module is given either as --module FILE.py:FUNCTION (FUNCTION() returns the torch.nn.Module,
weights loaded) or as --torchscript FILE.pt. The model must accept dynamic height and width
(multiples of --spatial-multiple; the decoder pads by edge replication and crops).

    /usr/bin/python3 tools/train/export_user_model.py --kind eps-vp --module my_ddpm.py:load \\
        --out models/user/my-ddpm.onnx --name my-ddpm --channels 3 --value-range -1 1 \\
        --beta-start 1e-4 --beta-end 0.02 --timesteps 1000 --spatial-multiple 16 \\
        --provenance "DDPM CIFAR-10, github.com/...; converted by export_user_model.py" --licence MIT

    /usr/bin/python3 tools/train/export_user_model.py --example --out-dir /tmp/rdpc-examples

--example builds a tiny random-weight module of each kind (no training; outputs are meaningless
but shape-correct) and exports eps-vp, clean (sigma map) and clean --as-edm variants, so that the
whole path can be smoke-tested (then load them with OnnxCheck.java).
"""

import argparse
import importlib.util
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cards  # noqa: E402

OPSET = 17


def vp_sigma_range(beta_start, beta_end, timesteps):
    """sigma(0), sigma(T-1) of the linear schedule, as BetaSchedule/VpTimesteps compute them."""
    i = np.arange(timesteps, dtype=np.float64)
    betas = beta_start + (beta_end - beta_start) * (i / (timesteps - 1))
    log_ab = np.cumsum(np.log1p(-betas))
    return float(np.sqrt(np.expm1(-log_ab[0]))), float(np.sqrt(np.expm1(-log_ab[-1])))


class EpsWrapper(nn.Module):
    def __init__(self, net, channels, round_timestep, slice_output):
        super().__init__()
        self.net = net
        self.channels = channels
        self.round_timestep = round_timestep
        self.slice_output = slice_output

    def forward(self, x_vp, t):
        tt = torch.round(t).to(torch.int64) if self.round_timestep else t
        eps = self.net(x_vp, tt)
        if self.slice_output:
            eps = eps[:, :self.channels]
        return eps


class SigmaMapWrapper(nn.Module):
    """[1, C + 1, H, W] (image, constant sigma map) -> net(image, sigma)."""

    def __init__(self, net, channels):
        super().__init__()
        self.net = net
        self.channels = channels

    def forward(self, inp):
        img = inp[:, :self.channels]
        sigma = inp[:, self.channels:].mean(dim=(1, 2, 3))
        return self.net(img, sigma)


class EdmWrapper(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x, sigma):
        return self.net(x, sigma)


# ---------------------------------------------------------------------------------------------
# example modules (random weights)

class TinyEps(nn.Module):
    """(x_vp, t) -> eps: two convolutions with a timestep-dependent channel bias."""

    def __init__(self, ch=3, hidden=16, timesteps=1000):
        super().__init__()
        self.timesteps = timesteps
        self.c1 = nn.Conv2d(ch, hidden, 3, padding=1)
        self.t = nn.Linear(2, hidden)
        self.c2 = nn.Conv2d(hidden, ch, 3, padding=1)

    def forward(self, x, t):
        a = t.float() / self.timesteps * math.pi
        emb = self.t(torch.stack([torch.sin(a), torch.cos(a)], dim=1))[:, :, None, None]
        return self.c2(torch.relu(self.c1(x) + emb))


class TinyClean(nn.Module):
    """(x, sigma) -> clean: x minus a sigma-scaled convolutional residual."""

    def __init__(self, ch=3, hidden=16):
        super().__init__()
        self.c1 = nn.Conv2d(ch, hidden, 3, padding=1)
        self.c2 = nn.Conv2d(hidden, ch, 3, padding=1)

    def forward(self, x, sigma):
        s = sigma[:, None, None, None]
        return x - s / (1.0 + s) * self.c2(torch.relu(self.c1(x)))


# ---------------------------------------------------------------------------------------------

def load_module(args):
    if args.torchscript:
        return torch.jit.load(args.torchscript, map_location="cpu")
    if not args.module or ":" not in args.module:
        raise SystemExit("give --module FILE.py:FUNCTION or --torchscript FILE.pt (or --example)")
    path, func = args.module.rsplit(":", 1)
    spec = importlib.util.spec_from_file_location("user_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return getattr(mod, func)()


def export(net, kind, out, name, channels, value_range, spatial_multiple, provenance, licence,
           sigma_min=None, sigma_max=None, beta=None, round_timestep=False, slice_output=False, as_edm=False):
    """Wraps net, writes out (.onnx) and its card; returns the card path."""
    net.eval()
    h, w = 2 * spatial_multiple, 3 * spatial_multiple
    dyn = {2: "H", 3: "W"}
    if kind == "eps-vp":
        beta_start, beta_end, timesteps = beta
        lo, hi = vp_sigma_range(beta_start, beta_end, timesteps)
        sigma_min = lo if sigma_min is None else sigma_min
        sigma_max = hi if sigma_max is None else sigma_max
        wrapper = EpsWrapper(net, channels, round_timestep, slice_output)
        inputs = (torch.randn(1, channels, h, w), torch.full((1,), timesteps / 2.0))
        names, output, noise, encoding, param = ["x_vp", "t"], "eps", "t", "timestep", "EPSILON_VP"
        schedule = {"type": "linear", "betaStart": beta_start, "betaEnd": beta_end, "timesteps": timesteps}
    elif kind == "clean":
        if sigma_min is None or sigma_max is None:
            raise SystemExit("--sigma-min and --sigma-max (model units) are required for --kind clean")
        schedule = None
        if as_edm:
            wrapper = EdmWrapper(net)
            inputs = (torch.randn(1, channels, h, w), torch.full((1,), 0.5))
            names, output, noise, encoding, param = ["x", "sigma"], "denoised", "sigma", "sigma", "EDM"
        else:
            wrapper = SigmaMapWrapper(net, channels)
            inputs = (torch.cat([torch.randn(1, channels, h, w), torch.full((1, 1, h, w), 0.5)], dim=1),)
            names, output, noise, encoding, param = ["noisy_and_sigma"], "clean", None, "sigma", "CLEAN_SIGMA_MAP"
    else:
        raise SystemExit("unknown --kind %r" % kind)
    out = os.path.abspath(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    with torch.no_grad():
        torch.onnx.export(wrapper, inputs, tmp, opset_version=OPSET, input_names=names, output_names=[output],
                          dynamic_axes={names[0]: dyn, output: dyn}, do_constant_folding=True)
    os.replace(tmp, out)
    card = cards.make_card(name, param, value_range, channels, spatial_multiple, sigma_min, sigma_max,
                           names[0], noise, output, encoding, provenance, licence, beta_schedule=schedule)
    path, sha, size = cards.write_model(out, card)
    print("wrote %s (%s, %d bytes, sha256 %s) and %s" % (out, param, size, sha, path))
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--example", action="store_true", help="export tiny random-weight examples to --out-dir")
    ap.add_argument("--out-dir", default="/tmp/rdpc-user-model-examples")
    ap.add_argument("--kind", choices=("eps-vp", "clean"))
    ap.add_argument("--module", help="FILE.py:FUNCTION returning the torch.nn.Module")
    ap.add_argument("--torchscript", help="a TorchScript file instead of --module")
    ap.add_argument("--out", help="ONNX file to write; the card goes beside it (.json)")
    ap.add_argument("--name")
    ap.add_argument("--channels", type=int, default=3)
    ap.add_argument("--value-range", type=float, nargs=2, default=[-1.0, 1.0], help="-1 1 or 0 1")
    ap.add_argument("--spatial-multiple", type=int, default=8)
    ap.add_argument("--sigma-min", type=float, help="model units; VP default: the schedule's sigma(0)")
    ap.add_argument("--sigma-max", type=float, help="model units; VP default: the schedule's sigma(T-1)")
    ap.add_argument("--beta-start", type=float, default=1e-4)
    ap.add_argument("--beta-end", type=float, default=0.02)
    ap.add_argument("--timesteps", type=int, default=1000)
    ap.add_argument("--round-timestep", action="store_true")
    ap.add_argument("--slice-output", action="store_true")
    ap.add_argument("--as-edm", action="store_true")
    ap.add_argument("--provenance")
    ap.add_argument("--licence")
    args = ap.parse_args()
    torch.set_num_threads(2)
    vr = [int(v) if float(v).is_integer() else v for v in args.value_range]

    if args.example:
        torch.manual_seed(0)
        prov = "random-weight example written by tools/train/export_user_model.py --example (not a trained model)"
        d = os.path.abspath(args.out_dir)
        export(TinyEps(3, 16, 1000), "eps-vp", os.path.join(d, "example-eps-vp.onnx"), "example-eps-vp", 3,
               [-1, 1], 8, prov, "CC0-1.0", beta=(1e-4, 0.02, 1000))
        export(TinyClean(3, 16), "clean", os.path.join(d, "example-clean-sigma-map.onnx"),
               "example-clean-sigma-map", 3, [0, 1], 4, prov, "CC0-1.0", sigma_min=0.001, sigma_max=40.0)
        export(TinyClean(3, 16), "clean", os.path.join(d, "example-clean-edm.onnx"), "example-clean-edm", 3,
               [-1, 1], 1, prov, "CC0-1.0", sigma_min=0.002, sigma_max=80.0, as_edm=True)
        return

    if not (args.kind and args.out and args.name and args.provenance and args.licence):
        raise SystemExit("--kind, --out, --name, --provenance and --licence are required (or use --example)")
    net = load_module(args)
    export(net, args.kind, args.out, args.name, args.channels, vr, args.spatial_multiple, args.provenance,
           args.licence, sigma_min=args.sigma_min, sigma_max=args.sigma_max,
           beta=(args.beta_start, args.beta_end, args.timesteps), round_timestep=args.round_timestep,
           slice_output=args.slice_output, as_edm=args.as_edm)


if __name__ == "__main__":
    main()
