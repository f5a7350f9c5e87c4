"""LR Lab helpers: small, typed functions that pages and notebooks call.

Teaching helpers (reproducibility, data, training, tables, plots) return values and never print;
the snippet on the page prints. They need torch, numpy and matplotlib, nothing else: the site
publishes a wheel of them, and the build engine (`execdocs`) is a package of its own.
"""

import hashlib
from pathlib import Path

from lrlab.repro import Provenance, provenance, seed_everything, site_seed

__all__ = ["Provenance", "provenance", "seed_everything", "site_seed", "source_digest"]


def source_digest() -> str:
    """Which lrlab this is: the first 16 hex digits of the SHA-256 over its ``.py`` files (their
    paths and bytes, in path order). The site's wheel carries it in its version
    (``0.1.0+<digest>``), and a lesson notebook's first cell compares it with the digest of the
    helpers that built the page."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
