"""tf.keras.utils: get_file's cache, hashes and archives (file:// URLs, no network), Progbar beyond the
golden text, custom objects and (de)serialization, Sequence, seeding, plot_model without pydot.

Values that must equal TensorFlow's (label encodings, pad_sequences, Progbar's exact output, the
serialized formats) are golden cases in tools/golden/cases/keras_backend_utils.py.
"""

import hashlib
import importlib.util
import io
import logging
import sys
import tarfile
import threading
import time
import zipfile

import numpy as np
import pytest

import lamina as tf
from lamina.keras.util import data_file, progbar

U = tf.keras.utils
UNREACHABLE = "http://127.0.0.1:9/missing.bin"  # the discard port: refused at once, no network needed


@pytest.fixture
def source(tmp_path):
    """A folder with a text file, a tar.gz and a zip to "download" through file:// URLs."""
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "a.txt").write_text("hello")
    with tarfile.open(folder / "arch.tar.gz", "w:gz") as tar:
        tar.add(folder / "a.txt", arcname="inner/a.txt")
    with zipfile.ZipFile(folder / "z.zip", "w") as archive:
        archive.write(folder / "a.txt", arcname="zipped/a.txt")
    return folder


def _url(path) -> str:
    return path.as_uri()


def _read(path) -> str:
    with open(path) as f:
        return f.read()


# ---- get_file -----------------------------------------------------------------------------------
def test_get_file_downloads_into_the_cache_layout(source, tmp_path, capsys):
    cache = tmp_path / "cache"
    path = U.get_file("copy.txt", origin=_url(source / "a.txt"), cache_dir=str(cache))
    assert path == str(cache / "datasets" / "copy.txt")
    assert _read(path) == "hello"
    assert f"Downloading data from {_url(source / 'a.txt')}" in capsys.readouterr().out
    # cached: the origin is not read again
    (source / "a.txt").unlink()
    assert U.get_file("copy.txt", origin=_url(source / "a.txt"), cache_dir=str(cache)) == path


def test_get_file_defaults_to_keras_home_and_the_url_name(source, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    path = U.get_file(origin=_url(source / "a.txt"), cache_subdir="sub")
    assert path == str(tmp_path / "home" / "sub" / "a.txt")
    absolute = U.get_file("b.txt", origin=_url(source / "a.txt"), cache_subdir=str(tmp_path / "abs"))
    assert absolute == str(tmp_path / "abs" / "b.txt")


@pytest.mark.parametrize("algorithm", ["md5", "sha256"])
def test_get_file_checks_hashes(source, tmp_path, algorithm):
    digest = hashlib.new(algorithm, b"hello").hexdigest()
    path = U.get_file("h.txt", origin=_url(source / "a.txt"), cache_dir=str(tmp_path), file_hash=digest)
    assert _read(path) == "hello"
    legacy = U.get_file("m.txt", origin=_url(source / "a.txt"), cache_dir=str(tmp_path), md5_hash=None)
    assert _read(legacy) == "hello"


def test_a_download_with_the_wrong_hash_is_deleted(source, tmp_path):
    with pytest.raises(ValueError, match="The sha256 file hash does not match the provided value of 0000"):
        U.get_file("bad.txt", origin=_url(source / "a.txt"), cache_dir=str(tmp_path), file_hash="0" * 64)
    assert not (tmp_path / "datasets" / "bad.txt").exists()
    assert not (tmp_path / "datasets" / "bad.txt.part").exists()


def test_a_stale_cached_file_is_downloaded_again(source, tmp_path, capsys):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "e.txt").write_text("outdated")
    md5 = hashlib.md5(b"hello").hexdigest()
    path = U.get_file("e.txt", origin=_url(source / "a.txt"), cache_dir=str(tmp_path), file_hash=md5)
    assert _read(path) == "hello"
    assert "the md5 file hash does not match the original value" in capsys.readouterr().out


def test_get_file_without_network_says_where_to_put_the_file(tmp_path):
    expected = tmp_path / "datasets" / "missing.bin"
    with pytest.raises(data_file.DownloadError) as raised:
        U.get_file(origin=UNREACHABLE, cache_dir=str(tmp_path), file_hash="ab" * 32)
    message = str(raised.value)
    assert message.startswith(f"URL fetch failure on {UNREACHABLE}")
    assert f"put it at {expected} (sha256 {'ab' * 32})" in message
    assert not expected.exists() and not (tmp_path / "datasets" / "missing.bin.part").exists()


def test_get_file_argument_errors(tmp_path):
    with pytest.raises(ValueError, match='specify the "origin"'):
        U.get_file("x.txt")
    with pytest.raises(ValueError, match="hash_algorithm='sha1'"):
        U.get_file(
            "x.txt", origin=UNREACHABLE, file_hash="00", hash_algorithm="sha1", cache_dir=str(tmp_path)
        )
    with pytest.raises(ValueError, match="Can't parse the file name"):
        U.get_file(origin="http://example.com/", cache_dir=str(tmp_path))


def test_untar_extracts_once_and_returns_the_folder(source, tmp_path):
    origin = _url(source / "arch.tar.gz")
    folder = U.get_file("inner", origin=origin, untar=True, cache_dir=str(tmp_path))
    assert folder == str(tmp_path / "datasets" / "inner")
    assert (tmp_path / "datasets" / "inner.tar.gz").exists()
    assert _read(tmp_path / "datasets" / "inner" / "a.txt") == "hello"
    # An extracted folder whose archive is gone is used as is (no download).
    (tmp_path / "datasets" / "inner.tar.gz").unlink()
    assert U.get_file("inner", origin=UNREACHABLE, untar=True, cache_dir=str(tmp_path)) == folder


@pytest.mark.parametrize("name, member", [("arch.tar.gz", "inner/a.txt"), ("z.zip", "zipped/a.txt")])
def test_extract_returns_the_archive_and_extracts_beside_it(source, tmp_path, name, member):
    path = U.get_file(name, origin=_url(source / name), extract=True, cache_dir=str(tmp_path))
    assert path == str(tmp_path / "datasets" / name)
    assert _read(tmp_path / "datasets" / member) == "hello"


def test_archive_format_limits_extraction(source, tmp_path):
    U.get_file(
        "t.tar.gz",
        origin=_url(source / "arch.tar.gz"),
        extract=True,
        archive_format="zip",
        cache_dir=str(tmp_path),
    )
    U.get_file(
        "u.tar.gz",
        origin=_url(source / "arch.tar.gz"),
        extract=True,
        archive_format=None,
        cache_dir=str(tmp_path),
    )
    assert not (tmp_path / "datasets" / "inner").exists()


def test_archive_members_outside_the_folder_are_refused(tmp_path):
    evil = tmp_path / "evil.tar"
    payload = tmp_path / "payload.txt"
    payload.write_text("x")
    with tarfile.open(evil, "w") as tar:
        tar.add(payload, arcname="../escaped.txt")
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(ValueError, match="outside"):
        data_file.extract_archive(str(evil), str(target))
    assert not (tmp_path / "escaped.txt").exists()


# ---- Progbar ------------------------------------------------------------------------------------
def _run_progbar(monkeypatch, steps, **kwargs):
    clock = [1000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    bar = U.Progbar(**kwargs)
    for seconds, current, options in steps:
        clock[0] += seconds
        bar.update(current, **options)
    monkeypatch.undo()
    return out.getvalue()


def test_progbar_without_a_redrawable_display_prints_lines(monkeypatch):
    # Keras's output when the display cannot redraw (recorded from TF 2.15 without "posix").
    monkeypatch.setattr(progbar, "_can_redraw", lambda: False)
    steps = [(0.1, i, {"values": [("loss", 1.0 / i)]}) for i in range(1, 4)]
    text = _run_progbar(monkeypatch, steps, target=3)
    assert text == (
        "\n1/3 [=========>....................] - ETA: 0s - loss: 1.0000"
        "\n2/3 [===================>..........] - ETA: 0s - loss: 0.7500"
        "\n3/3 [==============================] - 0s 100ms/step - loss: 0.6111\n"
    )


def test_progbar_verbose2_with_an_unknown_target_prints_a_summary(monkeypatch):
    # Keras 2.15 raises a TypeError here; lamina prints the count, times and metrics.
    steps = [(0.1, i, {"values": [("loss", 1.0 / i)]}) for i in range(1, 4)] + [(0.1, 3, {"finalize": True})]
    text = _run_progbar(monkeypatch, steps, target=None, verbose=2)
    assert text == "3/Unknown - 0s - loss: 0.6111 - 400ms/epoch - 133ms/step\n"


def test_progbar_goes_to_the_logger_when_interactive_logging_is_off(monkeypatch, caplog):
    U.disable_interactive_logging()
    try:
        assert not U.is_interactive_logging_enabled()
        with caplog.at_level(logging.INFO, logger="lamina.keras"):
            text = _run_progbar(monkeypatch, [(0.5, 2, {})], target=2, verbose=2)
    finally:
        U.enable_interactive_logging()
    assert text == ""
    assert caplog.messages == ["2/2 - 0s - 500ms/epoch - 250ms/step\n"]


# ---- custom objects and (de)serialization -------------------------------------------------------
class Scaled:
    def __init__(self, factor=1.0):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor

    def get_config(self):
        return {"factor": self.factor}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def double(x):
    return x * 2.0


def test_namespaces_find_objects_of_an_active_scope():
    with U.custom_object_scope({"double": double, "Scaled": Scaled}):
        assert tf.keras.activations.get("double") is double
        loss = tf.keras.losses.get({"class_name": "Scaled", "config": {"factor": 2.0}})
        assert isinstance(loss, Scaled) and loss.factor == 2.0
    with pytest.raises(ValueError, match="'double'"):
        tf.keras.activations.get("double")


def test_scopes_nest_and_restore():
    with U.CustomObjectScope({"a": 1}):
        with U.CustomObjectScope({"b": 2}, None):
            assert (U.get_registered_object("a"), U.get_registered_object("b")) == (1, 2)
        assert U.get_registered_object("b") is None
    assert U.get_registered_object("a") is None
    with pytest.raises(TypeError, match="Received: 3"):
        U.CustomObjectScope(3)


def test_scopes_belong_to_their_thread():
    seen = []
    with U.custom_object_scope({"only_here": Scaled}):
        worker = threading.Thread(target=lambda: seen.append(U.get_registered_object("only_here")))
        worker.start()
        worker.join()
        assert U.get_registered_object("only_here") is Scaled
    assert seen == [None]


def test_global_custom_objects_are_searched():
    U.get_custom_objects()["GlobalScaled"] = Scaled
    try:
        obj = U.deserialize_keras_object({"class_name": "GlobalScaled", "config": {"factor": 4.0}})
        assert obj.factor == 4.0
    finally:
        del U.get_custom_objects()["GlobalScaled"]


def test_a_subclass_of_a_registered_class_has_its_own_name():
    @U.register_keras_serializable(package="TestUtils")
    class Base(Scaled):
        pass

    class Child(Base):
        pass

    assert U.get_registered_name(Base) == "TestUtils>Base"
    assert U.get_registered_name(Child) == "Child"


def test_serialize_round_trips_functions_and_objects():
    with U.custom_object_scope({"double": double}):
        config = U.serialize_keras_object({"fn": double, "obj": Scaled(3.0), "arr": np.arange(3)})
        assert config["fn"] == {
            "module": "builtins",
            "class_name": "function",
            "config": "double",
            "registered_name": "function",
        }
        assert config["obj"]["module"] == __name__ and config["obj"]["registered_name"] == "Scaled"
        back = U.deserialize_keras_object(config, custom_objects={"Scaled": Scaled})
    assert back["fn"] is double and back["obj"].factor == 3.0
    np.testing.assert_array_equal(back["arr"], np.arange(3))
    optimizer = U.deserialize_keras_object(U.serialize_keras_object(tf.keras.optimizers.SGD(0.25)))
    assert isinstance(optimizer, tf.keras.optimizers.SGD)
    assert optimizer.get_config()["learning_rate"] == pytest.approx(0.25)


def test_lambdas_are_never_deserialized():
    with pytest.raises(ValueError, match="lambda"):
        U.deserialize_keras_object({"class_name": "__lambda__", "config": {"code": "..."}})
    with pytest.raises(ValueError, match="lambda"):
        U.serialize_keras_object(lambda x: x)


def test_a_class_without_from_config_is_reported():
    class NoFromConfig:
        def get_config(self):
            return {}

    with pytest.raises(TypeError, match="missing a `from_config\\(\\)` method"):
        U.deserialize_keras_object({"class_name": "N", "config": {}}, custom_objects={"N": NoFromConfig})


# ---- Sequence, seeding, arrays, plot_model ------------------------------------------------------
def test_sequence_protocol():
    class Squares(U.Sequence):
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return index * index

    assert list(Squares()) == [0, 1, 4, 9]
    with pytest.raises(NotImplementedError, match="must define __len__"):
        len(U.Sequence())
    with pytest.raises(NotImplementedError, match="must define __getitem__"):
        U.Sequence()[0]


def test_set_random_seed_makes_lamina_random_ops_repeat():
    U.set_random_seed(11)
    first = tf.random.uniform((3,)).numpy()
    U.set_random_seed(11)
    np.testing.assert_array_equal(tf.random.uniform((3,)).numpy(), first)


def test_label_encodings_invert():
    labels = np.array([3, 0, 2, 2, 1])
    np.testing.assert_array_equal(U.to_categorical(labels).argmax(axis=-1), labels)
    np.testing.assert_array_equal(U.to_ordinal(labels).sum(axis=-1), labels)


def test_pad_sequences_edge_lengths():
    assert U.pad_sequences([[1, 2], [3]], maxlen=0).shape == (2, 0)  # Keras 2.15 raises here
    assert U.pad_sequences([]).shape == (0, 0)  # and here


@pytest.mark.skipif(importlib.util.find_spec("pydot") is not None, reason="pydot is installed")
def test_plot_model_names_pydot_when_it_is_missing():
    with pytest.raises(ImportError, match=r"install pydot \(`pip install pydot`\) and install graphviz"):
        U.plot_model(None)
    with pytest.raises(ImportError, match="for model_to_dot to work"):
        U.model_to_dot(None)
