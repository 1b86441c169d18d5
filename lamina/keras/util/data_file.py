"""`tf.keras.utils.get_file`: a file from a URL, cached under Keras's folder.

The cache layout is Keras's: `<cache_dir>/<cache_subdir>/<fname>`, with `cache_dir` defaulting to
`$KERAS_HOME` or `~/.keras` and `cache_subdir` to "datasets" (so `~/.keras/datasets/mnist.npz`). A
cached file is used as is, after its hash is checked when one is given. `file://` URLs and local
paths work like any URL, which is how a machine without network access is fed: put the file where
the error message says, or point `origin` at a local copy.

Differences from Keras 2.15, all on its failure paths: `KERAS_HOME` is honoured (Keras 2.15 honours it
only for keras.json); a missing `cache_dir` is created instead of silently replaced by /tmp/.keras; a
download is written to a temporary name and renamed when complete, and one that fails its hash check
is deleted, so the cache never holds a partial or corrupt file; an unknown `hash_algorithm` is an
error (Keras falls back to md5); with `untar=True`, an already extracted folder is used even when its
archive was deleted; archive members that would land outside the target folder are refused.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from lamina.keras import backend
from lamina.keras.util.progbar import Progbar, print_msg

_CHUNK = 1 << 16


class DownloadError(Exception):
    """A file could not be fetched from its origin (no network, a missing file, an HTTP error)."""


# ---- hashes -----------------------------------------------------------------------------------------
def resolve_hasher(algorithm: str, file_hash: str | None = None) -> str:
    """ "sha256" or "md5"; "auto" picks sha256 for a 64-digit hash, md5 otherwise.

    Raises:
      ValueError: another algorithm.
    """
    if algorithm == "auto":
        return "sha256" if file_hash is not None and len(file_hash) == 64 else "md5"
    if algorithm in ("sha256", "md5"):
        return algorithm
    raise ValueError(
        f'hash_algorithm must be "auto", "sha256" or "md5". Received: hash_algorithm={algorithm!r}'
    )


def hash_file(path: str, algorithm: str = "sha256") -> str:
    """The hex digest of the file at `path`."""
    digest = hashlib.new(resolve_hasher(algorithm))
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def validate_file(path: str, file_hash: str, algorithm: str = "auto") -> bool:
    """Whether the file at `path` has the hash `file_hash`."""
    return hash_file(path, resolve_hasher(algorithm, file_hash)) == str(file_hash)


# ---- archives ---------------------------------------------------------------------------------------
def _inside(folder: str, name: str) -> bool:
    target = os.path.realpath(os.path.join(folder, name))
    return os.path.commonpath([os.path.realpath(folder), target]) == os.path.realpath(folder)


def _extract_tar(archive: str, folder: str) -> None:
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            links_out = (member.issym() or member.islnk()) and not _inside(
                folder, os.path.join(os.path.dirname(member.name), member.linkname)
            )
            if not _inside(folder, member.name) or links_out:
                raise ValueError(
                    f"Refusing to extract {archive}: member {member.name!r} would be written outside "
                    f"{folder}."
                )
        if hasattr(tarfile, "data_filter"):
            tar.extractall(folder, filter="data")
        else:  # Python < 3.11.4: members were checked above
            tar.extractall(folder)  # noqa: S202


def extract_archive(file_path: str, path: str = ".", archive_format="auto") -> bool:
    """Extracts a tar (any compression) or zip archive into `path`; True when it was one.

    Args:
      archive_format: "auto" (tar, then zip), "tar", "zip", a list of those, or None (no extraction).
    """
    if archive_format is None:
        return False
    formats = ["tar", "zip"] if archive_format == "auto" else archive_format
    formats = [formats] if isinstance(formats, str) else list(formats)
    for kind in formats:
        if kind == "tar" and tarfile.is_tarfile(file_path):
            _extract_tar(file_path, path)
            return True
        if kind == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                archive.extractall(path)  # zipfile drops absolute and ".." parts of member names
            return True
    return False


# ---- the cache --------------------------------------------------------------------------------------
def cache_folder(cache_dir=None, cache_subdir="datasets") -> str:
    """The folder files are cached in, created if needed (Keras's /tmp/.keras fallback when the
    cache directory cannot be written)."""
    base = os.path.expanduser(os.fspath(cache_dir)) if cache_dir else backend.keras_home()
    folder = os.path.join(base, cache_subdir)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        folder = os.path.join("/tmp", ".keras", cache_subdir)
        os.makedirs(folder, exist_ok=True)
    if not os.access(folder, os.W_OK):
        folder = os.path.join("/tmp", ".keras", cache_subdir)
        os.makedirs(folder, exist_ok=True)
    return folder


def _download(origin: str, path: str, expected: str) -> None:
    """Copies `origin` to `path` through a temporary file, with a progress bar."""
    print_msg(f"Downloading data from {origin}")
    partial = path + ".part"
    try:
        with urllib.request.urlopen(origin, timeout=60) as response, open(partial, "wb") as out:
            size = response.headers.get("Content-Length")
            progress = Progbar(int(size) if size and int(size) > 0 else None)
            done = 0
            for chunk in iter(lambda: response.read(_CHUNK), b""):
                out.write(chunk)
                done += len(chunk)
                progress.update(done)
            if progress.target is None:
                progress.update(done, finalize=True)
        os.replace(partial, path)
    except (urllib.error.URLError, OSError, ValueError) as error:
        if os.path.exists(partial):
            os.remove(partial)
        reason = getattr(error, "reason", None) or error
        raise DownloadError(
            f"URL fetch failure on {origin}: {reason}. lamina could not download this file. Without "
            f"network access, fetch it elsewhere and put it at {path}{expected}."
        ) from error


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
) -> str:
    """The local path of the file at `origin`, downloaded into the cache unless already there.

    Args:
      fname: the file name in the cache (an absolute path puts it there); default: the URL's last part.
      origin: the URL (http, https, ftp or file).
      untar: deprecated spelling of extraction for tar.gz files: `fname` names the extracted folder,
        the archive is `fname + ".tar.gz"`, and the folder's path is returned.
      md5_hash: deprecated; `file_hash` with `hash_algorithm="md5"`.
      file_hash: the expected hash of the file (sha256 or md5, hex).
      cache_subdir: the folder under `cache_dir` (an absolute path is used as is).
      hash_algorithm: "auto", "sha256" or "md5".
      extract: extract the file as an archive next to it (the archive's path is still returned).
      archive_format: "auto", "tar", "zip", a list of those, or None.
      cache_dir: the cache root; default `$KERAS_HOME` or `~/.keras`.

    Raises:
      ValueError: no origin, no file name, or a downloaded file whose hash differs from `file_hash`.
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    algorithm = resolve_hasher(hash_algorithm, file_hash)
    folder = cache_folder(cache_dir, cache_subdir)
    fname = os.fspath(fname) if fname else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(
            f"Can't parse the file name from the origin provided: '{origin}'. Please specify the "
            "`fname` argument."
        )
    if untar:
        if fname.endswith(".tar.gz"):
            fname = fname[: -len(".tar.gz")]
        extracted = os.path.join(folder, fname)
        path = extracted + ".tar.gz"
        if os.path.isdir(extracted) and not os.path.exists(path):
            return extracted
    else:
        path = os.path.join(folder, fname)
    expected = f" ({algorithm} {file_hash})" if file_hash is not None else ""
    stale = False

    if os.path.exists(path):
        stale = file_hash is not None and not validate_file(path, file_hash, algorithm)
        if stale:
            print_msg(
                f"A local file was found, but it seems to be incomplete or outdated because the {algorithm} "
                f"file hash does not match the original value of {file_hash} so we will re-download the data."
            )
    if not os.path.exists(path) or stale:
        _download(origin, path, expected)
        if file_hash is not None and not validate_file(path, file_hash, algorithm):
            os.remove(path)
            raise ValueError(
                f"Incomplete or corrupted file detected. The {algorithm} file hash does not match the "
                f"provided value of {file_hash}."
            )

    if untar:
        if not os.path.exists(extracted):
            extract_archive(path, folder, archive_format="tar")
        return extracted
    if extract:
        extract_archive(path, folder, archive_format)
    return path
