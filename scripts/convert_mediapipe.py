"""Convert MediaPipe's pose and selfie-segmentation models from .tflite to ONNX, reproducibly.

Sources (Apache-2.0, Google MediaPipe), fetched with the registries' own clients:
  - PyPI wheel `mediapipe==0.10.21`: pose detector, full pose landmark model, selfie segmenter;
  - npm `@mediapipe/pose@0.5.1675469404`: lite and heavy pose landmark models.
Two graph fixes make tf2onnx succeed: the detector's sparse (DENSIFY) weights are made dense before
conversion, and the segmenter's custom `Convolution2DTransposeBias` op becomes
Transpose → ConvTranspose(k=2, s=2) → Transpose. Every ONNX file is checked against LiteRT.

Run with the conversion venv (tensorflow-cpu 2.21.0, tf2onnx 1.17.0, ai-edge-litert 2.3.0; npm on PATH):
    python3.11 -m venv .venv-convert && .venv-convert/bin/pip install -r requirements-convert.txt
    .venv-convert/bin/python scripts/convert_mediapipe.py            # lite, full, detector, segmenter
    .venv-convert/bin/python scripts/convert_mediapipe.py --heavy    # also the 27.7 MB heavy model (gitignored)
    .venv-convert/bin/python scripts/convert_mediapipe.py --reference   # + test fixtures (see below)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
MODELS_DIR = REPO / "layers/tapeless/tapeless/models/mediapipe"
WHEEL_SPEC = "mediapipe==0.10.21"
NPM_SPEC = "@mediapipe/pose@0.5.1675469404"
OPSET = 17

# ONNX name -> (source, member inside the wheel or npm tarball)
SOURCES = {
    "pose_detection": ("wheel", "mediapipe/modules/pose_detection/pose_detection.tflite"),
    "pose_landmark_lite": ("npm", "package/pose_landmark_lite.tflite"),
    "pose_landmark_full": ("wheel", "mediapipe/modules/pose_landmark/pose_landmark_full.tflite"),
    "pose_landmark_heavy": ("npm", "package/pose_landmark_heavy.tflite"),
    "selfie_segmentation": ("wheel", "mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite"),
}
WHEEL_LICENSE_MEMBER = "mediapipe-0.10.21.dist-info/LICENSE"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_sources(work_dir: Path, names: list[str]) -> dict[str, Path]:
    """Download the wheel and npm tarball into work_dir and extract the .tflite files (and the licence)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", WHEEL_SPEC, "-d", str(work_dir)],
                   check=True)
    subprocess.run(["npm", "pack", "--silent", NPM_SPEC], cwd=work_dir, check=True, stdout=subprocess.DEVNULL)
    wheel = next(work_dir.glob("mediapipe-0.10.21-*.whl"))
    tarball = next(work_dir.glob("mediapipe-pose-*.tgz"))
    extracted: dict[str, Path] = {}
    with zipfile.ZipFile(wheel) as zf, tarfile.open(tarball) as tf:
        (work_dir / "MEDIAPIPE_LICENSE").write_bytes(zf.read(WHEEL_LICENSE_MEMBER))
        for name in names:
            source, member = SOURCES[name]
            data = zf.read(member) if source == "wheel" else tf.extractfile(member).read()
            extracted[name] = work_dir / f"{name}.tflite"
            extracted[name].write_bytes(data)
    return extracted


def _sparse_to_dense(tensor, values: np.ndarray) -> np.ndarray:
    """Expand a TFLite sparse tensor (identity traversal, no blocks) to a dense array of its shape."""
    from tensorflow.lite.python import schema_py_generated as schema

    sparsity = tensor.sparsity
    shape = [int(d) for d in tensor.shape]
    has_blocks = sparsity.blockMap is not None and len(sparsity.blockMap) > 0
    if has_blocks or list(sparsity.traversalOrder) != list(range(len(shape))):
        raise NotImplementedError(f"block-sparse tensor {tensor.name!r} is not supported")
    flat_index = np.zeros(1, dtype=np.int64)
    for level, dim in enumerate(sparsity.dimMetadata):
        if dim.format == schema.DimensionType.DENSE:
            flat_index = (flat_index[:, None] * shape[level] + np.arange(dim.denseSize)[None, :]).ravel()
        else:
            segments = np.asarray(dim.arraySegments.values, dtype=np.int64)
            indices = np.asarray(dim.arrayIndices.values, dtype=np.int64)
            counts = np.diff(segments)
            flat_index = np.repeat(flat_index, counts) * shape[level] + indices
    if flat_index.size != values.size:
        raise ValueError(f"sparse tensor {tensor.name!r}: {values.size} values for {flat_index.size} slots")
    dense = np.zeros(int(np.prod(shape)), dtype=values.dtype)
    dense[flat_index] = values
    return dense.reshape(shape)


def densify_sparse_weights(tflite_path: Path, out_path: Path) -> int:
    """Replace each DENSIFY op by a dense constant (tf2onnx cannot read sparse tensors). Returns the count."""
    from tensorflow.lite.python import schema_py_generated as schema
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.read_model(str(tflite_path))
    graph = model.subgraphs[0]
    numpy_types = {schema.TensorType.FLOAT16: np.float16, schema.TensorType.FLOAT32: np.float32}
    kept, densified = [], 0
    for op in graph.operators:
        code = model.operatorCodes[op.opcodeIndex]
        if max(code.builtinCode, code.deprecatedBuiltinCode) != schema.BuiltinOperator.DENSIFY:
            kept.append(op)
            continue
        sparse, dense = graph.tensors[op.inputs[0]], graph.tensors[op.outputs[0]]
        values = np.frombuffer(bytes(model.buffers[sparse.buffer].data), dtype=numpy_types[sparse.type])
        # tf2onnx reads every tensor, so the sparse input must become dense too; both share one buffer.
        model.buffers[sparse.buffer].data = np.frombuffer(_sparse_to_dense(sparse, values).tobytes(), dtype=np.uint8)
        sparse.sparsity = None
        dense.buffer = sparse.buffer
        densified += 1
    graph.operators = kept
    flatbuffer_utils.write_model(model, str(out_path))
    return densified


def replace_transpose_conv_bias(model) -> int:
    """Rewrite MediaPipe's custom NHWC `Convolution2DTransposeBias` (k=2, s=2) as standard ONNX ops.

    TFLite stores the kernel OHWI; ONNX ConvTranspose wants IOHW and NCHW activations.
    """
    import onnx
    from onnx import helper, numpy_helper

    initializers = {init.name: init for init in model.graph.initializer}
    nodes, replaced = [], 0
    for node in model.graph.node:
        if node.op_type != "TFL_Convolution2DTransposeBias":
            nodes.append(node)
            continue
        x_nhwc, kernel_name, bias_name = node.input
        kernel_ohwi = numpy_helper.to_array(initializers[kernel_name])
        if kernel_ohwi.shape[1:3] != (2, 2):
            raise NotImplementedError(f"unexpected transpose-conv kernel {kernel_ohwi.shape}")
        kernel_iohw = np.ascontiguousarray(kernel_ohwi.transpose(3, 0, 1, 2))
        weight_name = f"{node.name}_weight_iohw"
        model.graph.initializer.append(numpy_helper.from_array(kernel_iohw, weight_name))
        x_nchw, y_nchw = f"{node.name}_x_nchw", f"{node.name}_y_nchw"
        nodes += [
            helper.make_node("Transpose", [x_nhwc], [x_nchw], perm=[0, 3, 1, 2], name=f"{node.name}_to_nchw"),
            helper.make_node("ConvTranspose", [x_nchw, weight_name, bias_name], [y_nchw], kernel_shape=[2, 2],
                             strides=[2, 2], name=f"{node.name}_conv_transpose"),
            helper.make_node("Transpose", [y_nchw], list(node.output), perm=[0, 2, 3, 1], name=f"{node.name}_to_nhwc"),
        ]
        replaced += 1
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return replaced


def canonical_names(model) -> None:
    """Rename nodes and inner tensors by position: tf2onnx's names carry a process-wide counter, which
    would make the bytes (and checksums) depend on what was converted before in the same process."""
    graph = model.graph
    keep = {v.name for v in graph.input} | {v.name for v in graph.output}
    initializer_names = {init.name for init in graph.initializer}
    renamed: dict[str, str] = {}
    # Constants are numbered in order of first use: tf2onnx's initializer order varies between runs too.
    for node in graph.node:
        for name in node.input:
            if name in initializer_names and name not in renamed:
                renamed[name] = f"const_{len(renamed):05d}"
    for index, node in enumerate(graph.node):
        node.name = f"{node.op_type.lower()}_{index}"
        for slot, output in enumerate(node.output):
            if output and output not in keep:
                renamed[output] = f"{node.name}_out{slot}"
    # Constants no node reads (the segmenter's OHWI kernel after its rewrite) are dropped.
    initializers = sorted((init for init in graph.initializer if init.name in renamed),
                          key=lambda init: renamed[init.name])
    for init in initializers:
        init.name = renamed[init.name]
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    for node in graph.node:
        node.input[:] = [renamed.get(name, name) for name in node.input]
        node.output[:] = [renamed.get(name, name) for name in node.output]
    for info in graph.value_info:
        info.name = renamed.get(info.name, info.name)


def store_weights_as_float16(model, min_elements: int = 1024) -> int:
    """Store float32 weights that are exactly float16 values (all of MediaPipe's: it ships fp16 weights
    and tf2onnx folds their DEQUANTIZE into float32) as float16 behind a Cast: half the bytes, same
    numbers. onnxruntime folds the Cast once at session creation. Returns how many were converted."""
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    casts, converted = [], 0
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or np.prod(init.dims) < min_elements:
            continue
        values = numpy_helper.to_array(init)
        as_half = values.astype(np.float16)
        if not np.array_equal(as_half.astype(np.float32), values):
            continue
        name = init.name
        init.CopyFrom(numpy_helper.from_array(as_half, f"{name}_fp16"))
        casts.append(helper.make_node("Cast", [f"{name}_fp16"], [name], to=TensorProto.FLOAT, name=f"{name}_cast"))
        converted += 1
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    return converted


def convert(name: str, tflite_path: Path, work_dir: Path, out_path: Path) -> None:
    import onnx
    import tf2onnx

    source = tflite_path
    if name == "pose_detection":
        source = work_dir / f"{name}.dense.tflite"
        print(f"  {name}: made {densify_sparse_weights(tflite_path, source)} sparse weight tensors dense")
    model, _ = tf2onnx.convert.from_tflite(str(source), opset=OPSET)
    if name == "selfie_segmentation":
        print(f"  {name}: replaced {replace_transpose_conv_bias(model)} Convolution2DTransposeBias op")
    canonical_names(model)
    print(f"  {name}: {store_weights_as_float16(model)} weight tensors stored as float16 (exact)")
    model.doc_string = f"MediaPipe {name} (Apache-2.0, Google), tflite sha256 {sha256_of(tflite_path)}"
    onnx.save(model, str(out_path))


def run_litert(tflite_path: Path, inputs: np.ndarray) -> list[dict[str, np.ndarray]]:
    """Run the original model with LiteRT on a batch of (N, H, W, 3) float32 inputs."""
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(tflite_path))
    interpreter.allocate_tensors()
    input_index = interpreter.get_input_details()[0]["index"]
    results = []
    for x in inputs:
        interpreter.set_tensor(input_index, x[None])
        interpreter.invoke()
        results.append({d["name"]: interpreter.get_tensor(d["index"]).copy()
                        for d in interpreter.get_output_details()})
    return results


def run_onnx(onnx_path: Path, inputs: np.ndarray) -> list[dict[str, np.ndarray]]:
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    input_name = session.get_inputs()[0].name
    return [dict(zip(names, session.run(None, {input_name: x[None]}), strict=True)) for x in inputs]


def validation_inputs(size: int, value_range: tuple[float, float], images: list[np.ndarray]) -> np.ndarray:
    """Two noise inputs plus the given RGB images stretched to size×size, scaled to value_range."""
    import cv2

    rng = np.random.default_rng(0)
    lo, hi = value_range
    noise = rng.uniform(lo, hi, (2, size, size, 3)).astype(np.float32)
    scaled = [cv2.resize(im, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0 * (hi - lo) + lo
              for im in images]
    return np.concatenate([noise, np.stack(scaled)]) if scaled else noise


def validate(name: str, tflite_path: Path, onnx_path: Path, images: list[np.ndarray]) -> dict[str, float]:
    """Print and return, per output, the largest |LiteRT - onnxruntime| difference over the inputs."""
    size, value_range = (224, (-1.0, 1.0)) if name == "pose_detection" else (256, (0.0, 1.0))
    inputs = validation_inputs(size, value_range, images)
    worst: dict[str, float] = {}
    largest: dict[str, float] = {}
    for reference, converted in zip(run_litert(tflite_path, inputs), run_onnx(onnx_path, inputs), strict=True):
        for key, value in reference.items():
            worst[key] = max(worst.get(key, 0.0), float(np.abs(value - converted[key]).max()))
            largest[key] = max(largest.get(key, 0.0), float(np.abs(value).max()))
    for key in worst:
        print(f"  {name}.{key}: max |LiteRT - ONNX| = {worst[key]:.2e} (max |value| {largest[key]:.3g}, "
              f"{len(inputs)} inputs)")
    return worst


LICENSE_HEADER = """The ONNX files in this folder are converted from Google MediaPipe models by
scripts/convert_mediapipe.py (tf2onnx 1.17.0). They are licensed under the Apache License 2.0, as the
originals; the full text follows. Attribution: Copyright The MediaPipe Authors (Google LLC),
https://github.com/google-ai-edge/mediapipe — models taken unchanged in weights from the PyPI wheel
`mediapipe==0.10.21` (pose_detection, pose_landmark_full, selfie_segmentation) and the npm package
`@mediapipe/pose@0.5.1675469404` (pose_landmark_lite, pose_landmark_heavy). Changes: format conversion
to ONNX, sparse weights stored dense, float16 weights kept as float16 behind Cast nodes, the custom
transpose-convolution op expressed with standard ops.

"""


def write_checksums_and_licence(out_dir: Path, sources: dict[str, Path], work_dir: Path) -> None:
    checksums = {
        f"{name}.onnx": {"sha256": sha256_of(out_dir / f"{name}.onnx"),
                         "bytes": (out_dir / f"{name}.onnx").stat().st_size,
                         "source": f"{SOURCES[name][0]}:{SOURCES[name][1]}",
                         "source_sha256": sha256_of(tflite)}
        for name, tflite in sources.items()
    }
    existing = json.loads((out_dir / "checksums.json").read_text()) if (out_dir / "checksums.json").exists() else {}
    existing.update(checksums)
    (out_dir / "checksums.json").write_text(json.dumps(dict(sorted(existing.items())), indent=2) + "\n")
    (out_dir / "LICENSE").write_text(LICENSE_HEADER + (work_dir / "MEDIAPIPE_LICENSE").read_text())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder for the ONNX files, LICENSE, checksums")
    parser.add_argument("--heavy", action="store_true", help="also convert the heavy landmark model (27.7 MB ONNX, not shipped)")
    parser.add_argument("--only", nargs="*", choices=sorted(SOURCES), help="convert only these models")
    parser.add_argument("--reference", action="store_true",
                        help="also write tests/data/real/mediapipe_reference.npz (see mediapipe_reference.py)")
    parser.add_argument("--work", type=Path, help="keep downloads here instead of a temporary folder")
    parser.add_argument("--convert-one", nargs=4, metavar=("NAME", "TFLITE", "WORK", "ONNX"),
                        help="internal: convert one model in this process")
    args = parser.parse_args(argv)
    if args.convert_one:
        name, tflite, work, onnx_path = args.convert_one
        convert(name, Path(tflite), Path(work), Path(onnx_path))
        return

    names = args.only or [n for n in SOURCES if args.heavy or n != "pose_landmark_heavy"]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work_dir = args.work or Path(tmp)
        work_dir.mkdir(parents=True, exist_ok=True)
        sources = fetch_sources(work_dir, names)
        images = _validation_images()
        for name, tflite_path in sources.items():
            print(f"{name}: {tflite_path.stat().st_size / 1e6:.1f} MB tflite")
            # One fresh process per model (tf2onnx keeps state across conversions that changes the graph),
            # with address-space randomisation off: its optimiser's order follows object ids, so the
            # segmenter's bytes varied between runs without this (same numbers, different checksum).
            no_aslr = ["setarch", os.uname().machine, "-R"] if shutil.which("setarch") else []
            subprocess.run([*no_aslr, sys.executable, __file__, "--convert-one", name, str(tflite_path),
                            str(work_dir), str(args.out / f"{name}.onnx")], check=True)
            validate(name, tflite_path, args.out / f"{name}.onnx", images)
            print(f"  -> {args.out / f'{name}.onnx'} ({(args.out / f'{name}.onnx').stat().st_size / 1e6:.1f} MB)")
        write_checksums_and_licence(args.out, sources, work_dir)
        if args.reference:
            from mediapipe_reference import write_reference_fixture

            write_reference_fixture(work_dir, sources)


def _validation_images() -> list[np.ndarray]:
    import cv2

    paths = sorted((REPO / "tests/data/real").glob("*.png"))
    return [cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB) for p in paths]


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # tf2onnx orders independent nodes by iterating sets of names: fix the hash seed for identical bytes.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    sys.path.insert(0, str(Path(__file__).parent))
    main()
