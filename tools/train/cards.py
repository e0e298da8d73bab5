"""Writes an ONNX model and its rdpc model card (cardVersion 1) beside it.

The card format is defined by dev.rdpc.decoder.onnx.ModelCard (decoder module): a JSON object
with exactly the fields below (noiseInput and betaSchedule only where the parameterization needs
them); the Java loader refuses unknown or missing fields and checks the SHA-256 of the .onnx file.
"""

import hashlib
import json
import os

import onnx

PARAMETERIZATIONS = ("EDM", "EPSILON_VP", "V_PREDICTION_VP", "CLEAN_SIGMA_MAP", "BLIND_RESIDUAL")
MAX_ONNX_BYTES = 20 * 1024 * 1024


def card_path_for(onnx_path):
    """Same rule as ModelCard.cardPathFor: replace a trailing .onnx by .json."""
    d, f = os.path.split(onnx_path)
    stem = f[:-5] if f.lower().endswith(".onnx") else f
    return os.path.join(d, stem + ".json")


def make_card(name, parameterization, value_range, channels, spatial_multiple, sigma_min, sigma_max,
              image_input, noise_input, output, noise_encoding, provenance, licence, beta_schedule=None):
    """The card fields in ModelCard's order (sha256 is filled in by write_model)."""
    if parameterization not in PARAMETERIZATIONS:
        raise ValueError("unknown parameterization %r" % parameterization)
    c = {
        "cardVersion": 1,
        "name": name,
        "parameterization": parameterization,
        "valueRange": list(value_range),
        "channels": channels,
        "spatialMultiple": spatial_multiple,
        "sigmaMin": float(sigma_min),
        "sigmaMax": float(sigma_max),
        "imageInput": image_input,
    }
    if noise_input is not None:
        c["noiseInput"] = noise_input
    c["output"] = output
    c["noiseEncoding"] = noise_encoding
    if beta_schedule is not None:
        c["betaSchedule"] = beta_schedule
    c["provenance"] = provenance
    c["licence"] = licence
    c["sha256"] = None
    return c


def write_model(onnx_path, card, max_bytes=MAX_ONNX_BYTES):
    """Checks the ONNX file at onnx_path (onnx.load + full checker), writes the card with its SHA-256.

    Returns (card path, sha256, size in bytes).
    """
    with open(onnx_path, "rb") as f:
        data = f.read()
    if len(data) > max_bytes:
        raise SystemExit("%s is %d bytes, more than the %d allowed" % (onnx_path, len(data), max_bytes))
    model = onnx.load_from_string(data)
    onnx.checker.check_model(model, full_check=True)
    names_in = [i.name for i in model.graph.input]
    names_out = [o.name for o in model.graph.output]
    expected_in = [card["imageInput"]] + ([card["noiseInput"]] if "noiseInput" in card else [])
    if sorted(names_in) != sorted(expected_in) or card["output"] not in names_out:
        raise SystemExit("graph inputs %s / outputs %s do not match the card (%s -> %s)"
                         % (names_in, names_out, expected_in, card["output"]))
    sha = hashlib.sha256(data).hexdigest()
    card = dict(card)
    card["sha256"] = sha
    path = card_path_for(onnx_path)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)
    return path, sha, len(data)
