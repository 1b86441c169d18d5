"""tf.keras.datasets: each loader parses small fake files written in the real formats into a temporary
KERAS_HOME (no network). The expected values of imdb, reuters and boston_housing were produced by
TensorFlow 2.15's own loaders on the same fake files (its get_file pointed at them); TF 2.15 crashes on
two option combinations lamina handles (start_char=None with index_from=0, and a test_split of 1).
"""

import gzip
import hashlib
import json
import logging
import os
import pickle
import tarfile
import urllib.error

import numpy as np
import pytest

import lamina as tf
from lamina.keras.dataset import _origins, safe_load
from lamina.keras.util import data_file

D = tf.keras.datasets


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty Keras folder; get_file never reaches the network."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(data_file.urllib.request, "urlopen", offline)
    (tmp_path / "datasets").mkdir()
    return tmp_path / "datasets"


def _install(monkeypatch, path, hash_name=None):
    """Makes the fake file at `path` pass the loader's hash check (its real hash is the official file's)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setitem(_origins.FILE_HASHES, hash_name or path.name, digest)


def _objects(lists):
    array = np.empty(len(lists), dtype=object)
    array[:] = [list(x) for x in lists]
    return array


def _as_lists(array):
    return [list(x) for x in array]


# ---- missing files --------------------------------------------------------------------------------
def test_a_missing_file_names_its_url_and_where_to_put_it(home):
    with pytest.raises(data_file.DownloadError) as raised:
        D.mnist.load_data()
    message = str(raised.value)
    assert "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz" in message
    assert f"put it at {home / 'mnist.npz'} (sha256 731c5ac6" in message


def test_a_corrupt_cached_file_is_not_used(home):
    (home / "mnist.npz").write_bytes(b"not the dataset")
    with pytest.raises(data_file.DownloadError, match="put it at"):
        D.mnist.load_data()


# ---- mnist, fashion_mnist, boston_housing ---------------------------------------------------------
def test_mnist(home, monkeypatch):
    x_train = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    np.savez(
        home / "mnist.npz",
        x_train=x_train,
        y_train=np.array([5, 0], np.uint8),
        x_test=np.ones((1, 28, 28), np.uint8),
        y_test=np.array([7], np.uint8),
    )
    _install(monkeypatch, home / "mnist.npz")
    (xa, ya), (xb, yb) = D.mnist.load_data()
    np.testing.assert_array_equal(xa, x_train)
    assert xa.dtype == np.uint8 and ya.tolist() == [5, 0] and xb.shape == (1, 28, 28) and yb.tolist() == [7]


def _idx(path, magic, dims, data):
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)
    with gzip.open(path, "wb") as f:
        f.write(header + bytes(np.asarray(data, np.uint8)))


def test_fashion_mnist_reads_idx_files_from_its_subfolder(home):
    folder = home / "fashion-mnist"
    folder.mkdir()
    _idx(folder / "train-labels-idx1-ubyte.gz", 0x801, [2], [3, 9])
    _idx(folder / "train-images-idx3-ubyte.gz", 0x803, [2, 28, 28], np.arange(2 * 784) % 256)
    _idx(folder / "t10k-labels-idx1-ubyte.gz", 0x801, [1], [4])
    _idx(folder / "t10k-images-idx3-ubyte.gz", 0x803, [1, 28, 28], np.arange(784) * 7 % 256)
    (xa, ya), (xb, yb) = D.fashion_mnist.load_data()
    # TF 2.15 on the same files: sums 196336 and 98760, labels [3, 9] and [4].
    assert [a.shape for a in (xa, ya, xb, yb)] == [(2, 28, 28), (2,), (1, 28, 28), (1,)]
    assert (int(xa.sum()), int(xb.sum()), ya.tolist(), yb.tolist()) == (196336, 98760, [3, 9], [4])
    assert xa[1, 0, :5].tolist() == [16, 17, 18, 19, 20] and xa.dtype == np.uint8


def test_fashion_mnist_rejects_a_file_that_is_not_idx(home):
    folder = home / "fashion-mnist"
    folder.mkdir()
    for name in (
        "train-labels-idx1-ubyte.gz",
        "train-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
    ):
        _idx(folder / name, 0x803, [1, 28, 28], np.zeros(784))
    with pytest.raises(ValueError, match="magic number 0x803"):
        D.fashion_mnist.load_data()


@pytest.fixture
def boston(home, monkeypatch):
    np.savez(
        home / "boston_housing.npz",
        x=np.arange(130, dtype="float64").reshape(10, 13),
        y=np.arange(10, dtype="float64") * 1.5,
    )
    _install(monkeypatch, home / "boston_housing.npz")


@pytest.mark.parametrize(
    "kwargs, train_rows, test_rows",
    [
        ({}, [9, 3, 6, 1, 0, 7, 4, 8], [2, 5]),
        ({"test_split": 0.3, "seed": 5}, [9, 5, 2, 4, 7, 1, 0], [8, 6, 3]),
    ],
)
def test_boston_housing_shuffles_and_splits_like_tf(boston, kwargs, train_rows, test_rows):
    (xa, ya), (xb, yb) = D.boston_housing.load_data(**kwargs)
    assert (xa[:, 0] / 13).astype(int).tolist() == train_rows and (xb[:, 0] / 13).astype(
        int
    ).tolist() == test_rows
    np.testing.assert_array_equal(ya, np.array(train_rows) * 1.5)
    np.testing.assert_array_equal(yb, np.array(test_rows) * 1.5)


def test_boston_housing_rejects_a_test_split_of_one(boston):
    with pytest.raises(ValueError, match="test_split=1.0"):
        D.boston_housing.load_data(test_split=1.0)


# ---- imdb and reuters -----------------------------------------------------------------------------
@pytest.fixture
def imdb(home, monkeypatch):
    np.savez(
        home / "imdb.npz",
        x_train=_objects([[1, 5, 2, 9], [3, 3], [7, 8, 1, 4, 6, 2], [10]]),
        y_train=np.array([1, 0, 1, 0]),
        x_test=_objects([[4, 2, 11], [6]]),
        y_test=np.array([0, 1]),
    )
    _install(monkeypatch, home / "imdb.npz")


# (kwargs, x_train, y_train, x_test, y_test) from TF 2.15 on the fake imdb.npz above.
IMDB_CASES = [
    (
        {},
        [[1, 13], [1, 10, 11, 4, 7, 9, 5], [1, 4, 8, 5, 12], [1, 6, 6]],
        [0, 1, 1, 0],
        [[1, 9], [1, 7, 5, 2]],
        [1, 0],
    ),
    (
        {"num_words": 8},
        [[1, 2], [1, 2, 2, 4, 7, 2, 5], [1, 4, 2, 5, 2], [1, 6, 6]],
        [0, 1, 1, 0],
        [[1, 2], [1, 7, 5, 2]],
        [1, 0],
    ),
    (
        {"skip_top": 5, "num_words": 10},
        [[2, 2], [2, 2, 2, 2, 7, 9, 5], [2, 2, 8, 5, 2], [2, 6, 6]],
        [0, 1, 1, 0],
        [[2, 9], [2, 7, 5, 2]],
        [1, 0],
    ),
    ({"maxlen": 4}, [[1, 2], [1, 6, 6]], [0, 0], [[1, 9]], [1]),
    ({"maxlen": 5}, [[1, 13], [1, 6, 6]], [0, 0], [[1, 9], [1, 7, 5, 2]], [1, 0]),
    (
        {"start_char": None},
        [[13], [10, 11, 4, 7, 9, 5], [4, 8, 5, 12], [6, 6]],
        [0, 1, 1, 0],
        [[9], [7, 5, 2]],
        [1, 0],
    ),
    (
        {"oov_char": None, "num_words": 8},
        [[1], [1, 4, 7, 5], [1, 4, 5], [1, 6, 6]],
        [0, 1, 1, 0],
        [[1], [1, 7, 5]],
        [1, 0],
    ),
    (
        {"seed": 1},
        [[1, 13], [1, 10, 11, 4, 7, 9, 5], [1, 4, 8, 5, 12], [1, 6, 6]],
        [0, 1, 1, 0],
        [[1, 7, 5, 2], [1, 9]],
        [0, 1],
    ),
    (
        {"index_from": 0, "start_char": 1},
        [[1, 10], [1, 7, 8, 1, 4, 6, 2], [1, 1, 5, 2, 9], [1, 3, 3]],
        [0, 1, 1, 0],
        [[1, 6], [1, 4, 2, 2]],
        [1, 0],
    ),
    (
        {"skip_top": 6, "oov_char": None},
        [[13], [10, 11, 7, 9], [8, 12], [6, 6]],
        [0, 1, 1, 0],
        [[9], [7]],
        [1, 0],
    ),
]


@pytest.mark.parametrize("kwargs, x_train, y_train, x_test, y_test", IMDB_CASES)
def test_imdb_options_match_tf(imdb, kwargs, x_train, y_train, x_test, y_test):
    (xa, ya), (xb, yb) = D.imdb.load_data(**kwargs)
    assert xa.dtype == object and xb.dtype == object
    assert (_as_lists(xa), ya.tolist(), _as_lists(xb), yb.tolist()) == (x_train, y_train, x_test, y_test)


def test_imdb_equal_lengths_give_a_two_dimensional_object_array_like_tf(imdb):
    (_, _), (xb, _) = D.imdb.load_data(maxlen=4)
    assert xb.shape == (1, 2) and xb.dtype == object


def test_imdb_keeps_the_raw_indices_without_start_char_and_offset(imdb):
    # TF 2.15 fails on this combination (a NumPy broadcasting error); lamina returns the shuffled data.
    (xa, _), _ = D.imdb.load_data(start_char=None, index_from=0, num_words=100)
    assert _as_lists(xa) == [[10], [7, 8, 1, 4, 6, 2], [1, 5, 2, 9], [3, 3]]


def test_imdb_keyword_errors(imdb, caplog):
    with pytest.raises(ValueError, match="no sequence was kept. Increase maxlen"):
        D.imdb.load_data(maxlen=1)
    with pytest.raises(TypeError, match="Unrecognized keyword arguments: {'foo': 1}"):
        D.imdb.load_data(foo=1)
    with caplog.at_level(logging.WARNING, logger="lamina.keras"):
        (xa, _), _ = D.imdb.load_data(nb_words=8)
    assert _as_lists(xa)[0] == [1, 2] and "renamed `num_words`" in caplog.text


def test_word_indexes(home, monkeypatch):
    for name in ("imdb_word_index.json", "reuters_word_index.json"):
        (home / name).write_text(json.dumps({"the": 1, "and": 2}))
        monkeypatch.setitem(_origins.FILE_HASHES, name, hashlib.md5((home / name).read_bytes()).hexdigest())
    assert D.imdb.get_word_index() == {"the": 1, "and": 2}
    assert D.reuters.get_word_index() == {"the": 1, "and": 2}


@pytest.fixture
def reuters(home, monkeypatch):
    np.savez(
        home / "reuters.npz",
        x=_objects([[1, 2], [3, 4, 5], [6], [7, 8, 9, 10], [2, 2, 2], [11, 1]]),
        y=np.array([3, 1, 4, 1, 5, 9]),
    )
    _install(monkeypatch, home / "reuters.npz")


REUTERS_CASES = [
    (
        {},
        [[1, 6, 7, 8], [1, 4, 5], [1, 10, 11, 12, 13], [1, 9]],
        [1, 3, 1, 4],
        [[1, 5, 5, 5], [1, 2, 4]],
        [5, 9],
    ),
    ({"test_split": 0.5, "num_words": 6, "maxlen": 4}, [[1, 4, 5]], [3], [[1, 2], [1, 2, 4]], [4, 9]),
    (
        {"test_split": 0.0},
        [[1, 6, 7, 8], [1, 4, 5], [1, 10, 11, 12, 13], [1, 9], [1, 5, 5, 5], [1, 2, 4]],
        [1, 3, 1, 4, 5, 9],
        [],
        [],
    ),
    (
        {"skip_top": 2, "oov_char": None, "start_char": None, "index_from": 1, "seed": 7},
        [[8, 9, 10, 11], [2], [2, 3], [7]],
        [1, 9, 3, 4],
        [[4, 5, 6], [3, 3, 3]],
        [1, 5],
    ),
]


@pytest.mark.parametrize("kwargs, x_train, y_train, x_test, y_test", REUTERS_CASES)
def test_reuters_options_match_tf(reuters, kwargs, x_train, y_train, x_test, y_test):
    (xa, ya), (xb, yb) = D.reuters.load_data(**kwargs)
    assert (_as_lists(xa), ya.tolist(), _as_lists(xb), yb.tolist()) == (x_train, y_train, x_test, y_test)


def test_reuters_label_names():
    names = D.reuters.get_label_names()
    assert len(names) == 46 and names[:4] == ("cocoa", "grain", "veg-oil", "earn") and names[-1] == "lead"


# ---- cifar ------------------------------------------------------------------------------------------
def _cifar_batch(path, count, offset, label_keys):
    data = ((np.arange(count * 3072) + offset) % 251).astype(np.uint8).reshape(count, 3072)
    batch = {b"data": data, b"batch_label": b"fake", b"filenames": [b"f.png"] * count}
    for key, start in label_keys.items():
        batch[key] = list(range(start, start + count))
    with open(path, "wb") as f:
        pickle.dump(batch, f, protocol=2)
    return data.reshape(count, 3, 32, 32)


def test_cifar10_from_its_archive(home, monkeypatch):
    folder = home / "staging" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    expected = [_cifar_batch(folder / f"data_batch_{i}", 2, i, {b"labels": i}) for i in range(1, 6)]
    test_images = _cifar_batch(folder / "test_batch", 3, 100, {b"labels": 7})
    with tarfile.open(home / "cifar-10-batches-py.tar.gz", "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    _install(monkeypatch, home / "cifar-10-batches-py.tar.gz", "cifar-10-python.tar.gz")
    (xa, ya), (xb, yb) = D.cifar10.load_data()
    assert (home / "cifar-10-batches-py" / "test_batch").exists()  # extracted beside the archive
    assert xa.shape == (10, 32, 32, 3) and xb.shape == (3, 32, 32, 3)
    assert ya.shape == (10, 1) and ya.dtype == np.uint8 and yb.dtype == np.uint8
    np.testing.assert_array_equal(xa, np.concatenate(expected).transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(xb, test_images.transpose(0, 2, 3, 1))
    assert ya.ravel().tolist() == [1, 2, 2, 3, 3, 4, 4, 5, 5, 6] and yb.ravel().tolist() == [7, 8, 9]


@pytest.fixture
def cifar100(home):
    folder = home / "cifar-100-python"  # already extracted (its archive is not needed then)
    folder.mkdir()
    keys = {b"fine_labels": 10, b"coarse_labels": 0}
    return _cifar_batch(folder / "train", 3, 0, keys), _cifar_batch(folder / "test", 2, 5, keys)


def test_cifar100_label_modes_and_data_format(cifar100):
    train, test = cifar100
    (xa, ya), (xb, yb) = D.cifar100.load_data()
    assert ya.dtype == np.int64 and ya.ravel().tolist() == [10, 11, 12] and yb.shape == (2, 1)
    np.testing.assert_array_equal(xa, train.transpose(0, 2, 3, 1))
    # TF 2.15 on the same batches: x_train[1, 2, 3] == [127, 147, 167].
    assert xa[1, 2, 3].tolist() == [127, 147, 167]
    (_, ya), _ = D.cifar100.load_data(label_mode="coarse")
    assert ya.ravel().tolist() == [0, 1, 2]
    tf.keras.backend.set_image_data_format("channels_first")
    try:
        (xa, _), (xb, _) = D.cifar100.load_data()
    finally:
        tf.keras.backend.set_image_data_format("channels_last")
    np.testing.assert_array_equal(xb, test)
    assert xa[1, 2, 3, :3].tolist() == [196, 197, 198]
    with pytest.raises(ValueError, match="Received: label_mode=medium"):
        D.cifar100.load_data(label_mode="medium")


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("echo should-not-run",))


def test_pickled_code_in_a_dataset_file_is_refused(home, monkeypatch):
    folder = home / "cifar-100-python"
    folder.mkdir()
    for name in ("train", "test"):
        with open(folder / name, "wb") as f:
            pickle.dump({b"data": _RunsCode(), b"fine_labels": [1]}, f, protocol=2)
    objects = np.empty(1, dtype=object)
    objects[0] = _RunsCode()
    np.savez(home / "imdb.npz", x_train=objects, y_train=np.array([0]), x_test=objects, y_test=np.array([0]))
    _install(monkeypatch, home / "imdb.npz")
    ran = []
    monkeypatch.setattr(os, "system", lambda command: ran.append(command))
    with pytest.raises(pickle.UnpicklingError, match="refers to posix.system"):
        D.cifar100.load_data()
    with pytest.raises(pickle.UnpicklingError, match="not plain data"):
        D.imdb.load_data()
    assert ran == []


def test_npz_of_plain_arrays_needs_no_pickle(tmp_path):
    np.savez(tmp_path / "plain.npz", a=np.arange(3), b=np.eye(2, dtype=np.float32))
    arrays = safe_load.load_npz(str(tmp_path / "plain.npz"))
    np.testing.assert_array_equal(arrays["a"], np.arange(3))
    assert arrays["b"].dtype == np.float32
