#!/usr/bin/python3
"""Writes the tiny feature network the curve tool's FID/KID tests load (no trained weights).

tiny-features.onnx: input "image" float32 [N, 3, H, W] (RGB in [0, 1], H and W dynamic) ->
output "features" float32 [N, 9]: per channel the mean, the mean square, and the mean absolute
response of a fixed 3x3 Laplacian (a sharpness measure, so blurring an image moves its features).
It follows the feature-network contract of docs/metrics.md section 4.

Run from anywhere:  /usr/bin/python3 tools/python/make_tiny_features.py [OUTPUT_DIR]
(Debian packages python3-onnx and python3-numpy; ONNX opset 17). The output is reproducible.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "..", "src", "test", "resources", "features")


def build():
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], np.float32)
    weights = np.stack([laplacian[None]] * 3)  # [3, 1, 3, 3], one filter per channel (group = 3)
    nodes = [
        helper.make_node("GlobalAveragePool", ["image"], ["mean"]),
        helper.make_node("Mul", ["image", "image"], ["square"]),
        helper.make_node("GlobalAveragePool", ["square"], ["mean_square"]),
        helper.make_node("Conv", ["image", "laplacian"], ["edges"], group=3, kernel_shape=[3, 3]),
        helper.make_node("Abs", ["edges"], ["abs_edges"]),
        helper.make_node("GlobalAveragePool", ["abs_edges"], ["sharpness"]),
        helper.make_node("Concat", ["mean", "mean_square", "sharpness"], ["pooled"], axis=1),
        helper.make_node("Flatten", ["pooled"], ["features"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny-features",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, "H", "W"])],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 9])],
        [numpy_helper.from_array(weights, "laplacian")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="rdpc make_tiny_features.py")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "tiny-features.onnx")
    onnx.save(build(), path)
    print("wrote", os.path.abspath(path))


if __name__ == "__main__":
    main()
