"""The rdpc default prior: a small fully convolutional U-Net denoiser with EDM preconditioning.

Shared by train.py, export.py and bench_forward.py. Needs only torch (Debian python3-torch).

Network F(c_in x; c_noise) and the EDM denoiser (Karras et al. 2022, "Elucidating the design
space of diffusion-based generative models", table 1, sigma_data = 0.5):

    c_skip  = sigma_data^2 / (sigma^2 + sigma_data^2)
    c_out   = sigma * sigma_data / sqrt(sigma^2 + sigma_data^2)
    c_in    = 1 / sqrt(sigma^2 + sigma_data^2)
    c_noise = ln(sigma) / 4
    D(x; sigma) = c_skip x + c_out F(c_in x; c_noise)

Images are planar CHW in [-1, 1] (the codec's model space); variance exploding, x = u + sigma n.

Architecture (no attention, no normalisation layers, so it is fully convolutional and the
output at a pixel does not depend on the image size beyond the receptive field):

    stem    Conv 4x4 stride 2 (3 -> C1)                       1/2 resolution ("patchify")
    enc1    n1 residual blocks at C1                          1/2
    down    Conv 2x2 stride 2 (C1 -> C2)                      1/4
    enc2    n2 residual blocks at C2                          1/4
    down    Conv 2x2 stride 2 (C2 -> C3)                      1/8
    mid     n3 residual blocks at C3                          1/8
    up      ConvTranspose 2x2 stride 2 (C3 -> C2) + skip      1/4
    dec2    n2 residual blocks at C2                          1/4
    up      ConvTranspose 2x2 stride 2 (C2 -> C1) + skip      1/2
    dec1    n1 residual blocks at C1                          1/2
    head    ConvTranspose 4x4 stride 2 (C1 -> 3)              full resolution
    refine  (optional, config "refine" = R > 0) Conv3x3 of [x_in, head] (6 -> R), one residual
            block at R, Conv3x3 (R -> 3) added to the head's output     full resolution

The stem packs each 4x4x3 patch (48 values) into C1 = 32 channels, so without the refinement
stage fine detail can only come back through the head's 32 -> 48 reconstruction; the refinement
stage sees the input at full resolution. Its last convolution starts at zero, so a grown model
starts as the checkpoint it was grown from (train.py --grow-from).

so height and width must be multiples of 8 (the card's spatialMultiple). A residual block is
    h = Conv3x3(SiLU(x)); h = h * (1 + scale) + shift; h = Conv3x3(SiLU(h)); out = x + h
with (scale, shift) per channel from the noise embedding (Fourier features of c_noise -> MLP),
the second convolution initialised to zero so that every block starts as the identity.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

SIGMA_DATA = 0.5
SIGMA_MIN = 0.002
SIGMA_MAX = 80.0
SPATIAL_MULTIPLE = 8

DEFAULT_CONFIG = {
    "channels": [32, 64, 128],   # C1, C2, C3
    "blocks": [1, 1, 2],         # n1, n2 (each for encoder and decoder), n3 (middle)
    "emb_dim": 128,
    "fourier": 16,               # number of Fourier frequencies of c_noise
    "refine": 0,                 # width of the full-resolution refinement stage (0: none)
}


class FourierEmbedding(nn.Module):
    """Fixed sin/cos features of the scalar c_noise at log-spaced frequencies."""

    def __init__(self, n):
        super().__init__()
        freqs = torch.exp(torch.linspace(0.0, math.log(64.0), n)) * math.pi / 2
        self.register_buffer("freqs", freqs)

    def forward(self, c_noise):            # c_noise [B]
        a = c_noise[:, None] * self.freqs[None, :]
        return torch.cat([torch.sin(a), torch.cos(a), c_noise[:, None]], dim=1)


class ResBlock(nn.Module):
    def __init__(self, ch, emb_dim):
        super().__init__()
        self.conv1 = nn.Conv2d(ch, ch, 3, padding=1)
        self.conv2 = nn.Conv2d(ch, ch, 3, padding=1)
        self.film = nn.Linear(emb_dim, 2 * ch)
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)
        nn.init.zeros_(self.film.weight)
        nn.init.zeros_(self.film.bias)

    def forward(self, x, emb):
        h = self.conv1(F.silu(x))
        scale, shift = self.film(emb)[:, :, None, None].chunk(2, dim=1)
        h = h * (1.0 + scale) + shift
        h = self.conv2(F.silu(h))
        return x + h


class Refine(nn.Module):
    """Full-resolution correction of the head's output from the network input itself."""

    def __init__(self, ch, emb_dim, in_ch=3):
        super().__init__()
        self.inp = nn.Conv2d(2 * in_ch, ch, 3, padding=1)
        self.block = ResBlock(ch, emb_dim)
        self.out = nn.Conv2d(ch, in_ch, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x, f, emb):
        h = self.block(self.inp(torch.cat([x, f], dim=1)), emb)
        return f + self.out(F.silu(h))


class UNet(nn.Module):
    """F(x_in; c_noise): x_in [B, 3, H, W] (H, W multiples of 8), c_noise [B] -> [B, 3, H, W]."""

    def __init__(self, channels=(32, 64, 128), blocks=(1, 1, 2), emb_dim=128, fourier=16, in_ch=3,
                 refine=0):
        super().__init__()
        c1, c2, c3 = channels
        n1, n2, n3 = blocks
        self.embed = FourierEmbedding(fourier)
        self.mlp = nn.Sequential(nn.Linear(2 * fourier + 1, emb_dim), nn.SiLU(),
                                 nn.Linear(emb_dim, emb_dim), nn.SiLU())
        self.stem = nn.Conv2d(in_ch, c1, 4, stride=2, padding=1)
        self.enc1 = nn.ModuleList([ResBlock(c1, emb_dim) for _ in range(n1)])
        self.down1 = nn.Conv2d(c1, c2, 2, stride=2)
        self.enc2 = nn.ModuleList([ResBlock(c2, emb_dim) for _ in range(n2)])
        self.down2 = nn.Conv2d(c2, c3, 2, stride=2)
        self.mid = nn.ModuleList([ResBlock(c3, emb_dim) for _ in range(n3)])
        self.up2 = nn.ConvTranspose2d(c3, c2, 2, stride=2)
        self.dec2 = nn.ModuleList([ResBlock(c2, emb_dim) for _ in range(n2)])
        self.up1 = nn.ConvTranspose2d(c2, c1, 2, stride=2)
        self.dec1 = nn.ModuleList([ResBlock(c1, emb_dim) for _ in range(n1)])
        self.head = nn.ConvTranspose2d(c1, in_ch, 4, stride=2, padding=1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)
        self.refine = Refine(refine, emb_dim, in_ch) if refine > 0 else None

    def forward(self, x, c_noise):
        emb = self.mlp(self.embed(c_noise))
        h1 = self.stem(x)
        for b in self.enc1:
            h1 = b(h1, emb)
        h2 = self.down1(F.silu(h1))
        for b in self.enc2:
            h2 = b(h2, emb)
        h = self.down2(F.silu(h2))
        for b in self.mid:
            h = b(h, emb)
        h = self.up2(F.silu(h)) + h2
        for b in self.dec2:
            h = b(h, emb)
        h = self.up1(F.silu(h)) + h1
        for b in self.dec1:
            h = b(h, emb)
        f = self.head(F.silu(h))
        if self.refine is not None:
            f = self.refine(x, f, emb)
        return f


def edm_coefficients(sigma):
    """c_skip, c_out, c_in, c_noise for sigma of shape [B] (each returned with shape [B])."""
    s2 = sigma * sigma + SIGMA_DATA * SIGMA_DATA
    c_skip = SIGMA_DATA * SIGMA_DATA / s2
    c_out = sigma * SIGMA_DATA / torch.sqrt(s2)
    c_in = 1.0 / torch.sqrt(s2)
    c_noise = torch.log(sigma) / 4.0
    return c_skip, c_out, c_in, c_noise


class EDMDenoiser(nn.Module):
    """D(x; sigma) = c_skip x + c_out F(c_in x; ln(sigma)/4); x [B, 3, H, W], sigma [B]."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x, sigma):
        c_skip, c_out, c_in, c_noise = edm_coefficients(sigma)
        f = self.net(x * c_in[:, None, None, None], c_noise)
        return c_skip[:, None, None, None] * x + c_out[:, None, None, None] * f

    def raw(self, x, sigma):
        """(F, c_skip, c_out) for the loss."""
        c_skip, c_out, c_in, c_noise = edm_coefficients(sigma)
        return self.net(x * c_in[:, None, None, None], c_noise), c_skip, c_out


class FlipEnsemble(nn.Module):
    """Averages a denoiser over mirror images: D(x) = mean_g g^-1 D(g x), g in the first `count` of
    (identity, left-right, up-down, both). The copies run as one batch, so the exported graph keeps
    the [1, 3, H, W] contract. Natural images are mirror-symmetric in distribution, so the mean is a
    better estimate than any one pass; it costs `count` forward passes."""

    FLIPS = ((), (3,), (2,), (2, 3))

    def __init__(self, den, count):
        super().__init__()
        if count not in (1, 2, 4):
            raise ValueError("flip ensemble count must be 1, 2 or 4, got %r" % (count,))
        self.den = den
        self.count = count

    def forward(self, x, sigma):
        flips = self.FLIPS[:self.count]
        batch = torch.cat([torch.flip(x, f) if f else x for f in flips], dim=0)
        out = self.den(batch, sigma.expand(len(flips)))
        parts = torch.split(out, x.shape[0], dim=0)
        total = parts[0]
        for f, part in zip(flips[1:], parts[1:]):
            total = total + torch.flip(part, f)
        return total * (1.0 / len(flips))


def build(config=None):
    cfg = dict(DEFAULT_CONFIG)
    if config:
        cfg.update(config)
    return EDMDenoiser(UNet(tuple(cfg["channels"]), tuple(cfg["blocks"]), cfg["emb_dim"], cfg["fourier"],
                            refine=cfg.get("refine", 0)))


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


def conv_flops(model, height, width):
    """Multiply-adds x 2 of the convolutions for one [1, 3, H, W] forward (noise MLP excluded)."""
    total = [0]
    hooks = []

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            k = m.kernel_size[0] * m.kernel_size[1] * m.in_channels // m.groups
            total[0] += 2 * k * out.numel()
        elif isinstance(m, nn.ConvTranspose2d):
            k = m.kernel_size[0] * m.kernel_size[1] * m.out_channels // m.groups
            total[0] += 2 * k * inp[0].numel()

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.zeros(1, 3, height, width), torch.full((1,), 0.5))
    for h in hooks:
        h.remove()
    return total[0]
