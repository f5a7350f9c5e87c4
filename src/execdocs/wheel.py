"""A wheel of a site's helper package, made by the build from the very source that produced the
pages, so a reader can install exactly those helpers beside their own torch.

A pure-Python wheel is a zip of the package's files plus three metadata files (PEP 427, PEP 376,
core metadata 2.1); writing it here takes milliseconds and gives the same bytes for the same
source (fixed timestamps, sorted entries), where a build backend run through pip would set up an
isolated environment on every build. The version says which source: ``0.1.0+<digest>``, the
digest of the package's files (`source_digest`, the same as the package's own
``source_digest()``, so a notebook can tell whether the helpers it can import are these).
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry: the same every build


def package_files(package_dir: Path) -> list[Path]:
    """The files a wheel of the package holds: its modules and data, no caches."""
    return sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def source_digest(package_dir: Path) -> str:
    """The first 16 hex digits of the SHA-256 over the package's ``.py`` files (their paths and
    bytes, in path order). ``lrlab.source_digest()`` computes the same at run time."""
    digest = hashlib.sha256()
    for path in package_files(package_dir):
        if path.suffix == ".py":
            digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Wheel:
    filename: str
    content: bytes
    version: str
    digest: str


def _record_hash(data: bytes) -> str:
    raw = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={raw.decode()}"


def build_wheel(package_dir: Path, version: str, requires: list[str], summary: str = "") -> Wheel:
    """A ``py3-none-any`` wheel of the package in ``package_dir``, versioned
    ``<version>+<source digest>``, that depends on ``requires``."""
    name = package_dir.name
    digest = source_digest(package_dir)
    full = f"{version}+{digest}"
    dist_info = f"{name}-{full}.dist-info"
    metadata = "".join(
        [
            "Metadata-Version: 2.1\n",
            f"Name: {name}\n",
            f"Version: {full}\n",
            f"Summary: {summary}\n" if summary else "",
            *(f"Requires-Dist: {requirement}\n" for requirement in requires),
        ]
    )
    wheel_file = (
        "Wheel-Version: 1.0\nGenerator: execdocs\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries = [
        (f"{name}/{p.relative_to(package_dir).as_posix()}", p.read_bytes())
        for p in package_files(package_dir)
    ]
    entries += [
        (f"{dist_info}/METADATA", metadata.encode()),
        (f"{dist_info}/WHEEL", wheel_file.encode()),
    ]
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in entries)
    entries.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries:
            info = zipfile.ZipInfo(path, _EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    filename = f"{name}-{full}-py3-none-any.whl"
    return Wheel(filename, buffer.getvalue(), full, digest)
