"""Shared helper of the project's ONNX writers: builds a graph node by node with unique names."""

import numpy as np
from onnx import helper, numpy_helper


class GraphBuilder:
    """Collects nodes and initializers, naming every node and constant uniquely."""

    def __init__(self):
        self.nodes = []
        self.initializers = []
        self.count = 0

    def _name(self, prefix):
        self.count += 1
        return "%s_%d" % (prefix, self.count)

    def const(self, array, prefix="c"):
        name = self._name(prefix)
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, output=None, **attrs):
        out = output or self._name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=self._name("n_" + op_type), **attrs))
        return out
