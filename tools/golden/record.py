"""Records golden values: runs every case with real TensorFlow 2.15 and writes tests/golden/data/<topic>.json.

Run it with TensorFlow's interpreter (TensorFlow is never a dependency of lamina or of its tests):

    ~/tf215/bin/python tools/golden/record.py            # every topic in tools/golden/cases/
    ~/tf215/bin/python tools/golden/record.py dtypes ops # only these topics
    ~/tf215/bin/python tools/golden/record.py -v errors  # also print each recorded error

Cases run on the CPU, eagerly: TensorFlow checks some things (gather indices, integer division by
zero) only in its CPU kernels, and those checks are the behaviour lamina follows.
"""

from __future__ import annotations

import argparse
import os
import sys

# Before TensorFlow is imported: no GPU (CPU kernel semantics), no start-up log noise.
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import goldenlib  # noqa: E402
import numpy as np  # noqa: E402

# Errors that mean the case itself is broken, not that TensorFlow rejected the input.
_CASE_BUGS = (NameError, SyntaxError, ImportError, UnboundLocalError)


def record_case(tf, function) -> dict:
    """Runs one case with TensorFlow; returns its encoded result or its error record."""
    try:
        result = function(tf, np)
    except _CASE_BUGS:
        raise
    except Exception as error:  # noqa: BLE001 - recording which error TensorFlow raises is the point
        return goldenlib.encode_error(error, tf.errors.OpError)
    return goldenlib.encode(result)


def record_topic(tf, topic: str, verbose: bool) -> dict:
    module = goldenlib.load_topic(topic)
    cases = goldenlib.cases_of(module)
    records = {}
    for name, function in cases.items():
        try:
            records[name] = record_case(tf, function)
        except _CASE_BUGS as error:
            raise SystemExit(f"{topic}.case_{name} is broken: {type(error).__name__}: {error}") from error
        except TypeError as error:  # from goldenlib.encode: the case returned something unencodable
            raise SystemExit(f"{topic}.case_{name}: {error}") from error
        if verbose and "error" in records[name]:
            print(f"  {name}: {records[name]['error']}: {records[name]['message'][:100]}")
    return {
        "topic": topic,
        "tensorflow_version": tf.__version__,
        "numpy_version": np.__version__,
        "cases": records,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="topics to record (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every recorded error")
    args = parser.parse_args(argv)

    import tensorflow as tf

    if not tf.__version__.startswith("2.15."):
        raise SystemExit(f"golden values must come from TensorFlow 2.15; this is {tf.__version__}")
    unknown = sorted(set(args.topics) - set(goldenlib.topics()))
    if unknown:
        raise SystemExit(f"no case file for topic(s) {unknown}; known: {goldenlib.topics()}")
    os.makedirs(goldenlib.DATA_DIR, exist_ok=True)
    for topic in args.topics or goldenlib.topics():
        document = record_topic(tf, topic, args.verbose)
        with open(goldenlib.data_path(topic), "w", encoding="utf-8") as f:
            f.write(goldenlib.dump_data(document))
        errors = sum(1 for r in document["cases"].values() if "error" in r)
        print(f"{topic}: {len(document['cases'])} cases ({errors} raise) -> {goldenlib.data_path(topic)}")


if __name__ == "__main__":
    main()
