#!/usr/bin/env python3
"""Reads a Rewind safetensors export with numpy alone (8-byte little-endian header length, JSON header, raw
little-endian data) and checks it: every masked weight is 0 where its mask is 0, every CSR copy rebuilds its weight,
and an MLP's logits on the given inputs match Rewind's. With torch present it also loads the state dict into a
PyTorch module (strict) and rebuilds the CSR matrices with torch.sparse_csr_tensor.

usage: check_safetensors.py EXPORT.safetensors EXPECTED.json
EXPECTED.json: {"inputs": [[...], ...], "logits": [[...], ...], "layers": ["fc1", "fc2", "fc3"]}
Exit 0 when everything matches, 1 otherwise (the first mismatch is printed).
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "U8": np.uint8, "BOOL": np.bool_}


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = np.dtype(DTYPES[info["dtype"]]).newbyteorder("<")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"])
    return tensors, meta


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    tensors, meta = load(sys.argv[1])
    with open(sys.argv[2]) as f:
        expected = json.load(f)
    if meta.get("format") != "pt":
        fail("metadata format is not 'pt'")
    masks = {k[len("mask."):]: v for k, v in tensors.items() if k.startswith("mask.")}
    if not masks:
        fail("no mask.* tensors")
    for key, mask in masks.items():
        weight = tensors[key]
        if weight.shape != mask.shape:
            fail(f"{key}: mask shape {mask.shape} != weight shape {weight.shape}")
        if np.any(weight[mask == 0] != 0):
            fail(f"{key}: a pruned weight is not zero")
        rows, cols = (int(x) for x in meta["csr." + key + ".size"].split(","))
        crow = tensors["csr." + key + ".crow_indices"]
        col = tensors["csr." + key + ".col_indices"]
        values = tensors["csr." + key + ".values"]
        dense = np.zeros((rows, cols), dtype=np.float32)
        for r in range(rows):
            dense[r, col[crow[r]:crow[r + 1]]] = values[crow[r]:crow[r + 1]]
        if not np.array_equal(dense, weight.reshape(rows, cols)):
            fail(f"{key}: CSR copy does not rebuild the weight")
        if values.size != np.count_nonzero(weight):
            fail(f"{key}: CSR holds {values.size} values, the weight {np.count_nonzero(weight)} nonzeros")

    x = np.asarray(expected["inputs"], dtype=np.float32)
    want = np.asarray(expected["logits"], dtype=np.float32)
    layers = expected["layers"]
    h = x.reshape(x.shape[0], -1)
    for i, layer in enumerate(layers):
        h = h @ tensors[layer + ".weight"].T + tensors[layer + ".bias"]
        if i < len(layers) - 1:
            h = np.maximum(h, 0)
    diff = float(np.max(np.abs(h - want)))
    if diff > 1e-5:
        fail(f"numpy logits differ from Rewind's by {diff}")
    print(f"numpy: {len(masks)} masks and CSR copies check out; logits max |diff| {diff:.2e}")

    try:
        import torch
    except ImportError:
        print("torch: not installed, torch checks not run")
        return
    state = {k: torch.from_numpy(v.copy()) for k, v in tensors.items() if not k.startswith(("mask.", "csr."))}

    class Mlp(torch.nn.Module):
        def __init__(self):
            super().__init__()
            for layer in layers:
                out_features, in_features = state[layer + ".weight"].shape
                setattr(self, layer, torch.nn.Linear(in_features, out_features))

        def forward(self, inputs):
            h = inputs.flatten(1)
            for i, layer in enumerate(layers):
                h = getattr(self, layer)(h)
                if i < len(layers) - 1:
                    h = torch.relu(h)
            return h

    model = Mlp()
    model.load_state_dict(state, strict=True)
    with torch.no_grad():
        logits = model(torch.from_numpy(x)).numpy()
    diff = float(np.max(np.abs(logits - want)))
    if diff > 1e-5:
        fail(f"torch logits differ from Rewind's by {diff}")
    for key in masks:
        rows, cols = (int(v) for v in meta["csr." + key + ".size"].split(","))
        sparse = torch.sparse_csr_tensor(
            torch.from_numpy(tensors["csr." + key + ".crow_indices"].astype(np.int64)),
            torch.from_numpy(tensors["csr." + key + ".col_indices"].astype(np.int64)),
            torch.from_numpy(tensors["csr." + key + ".values"].copy()), size=(rows, cols))
        if not torch.equal(sparse.to_dense(), state[key].reshape(rows, cols)):
            fail(f"{key}: torch.sparse_csr_tensor does not rebuild the weight")
    print(f"torch {torch.__version__}: load_state_dict(strict=True) ok; logits max |diff| {diff:.2e}; sparse_csr_tensor ok")


if __name__ == "__main__":
    main()
