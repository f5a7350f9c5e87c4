"""LR Lab helpers: small, typed functions that pages and notebooks call.

Teaching helpers (reproducibility, data, training, tables, plots) return values and never print;
the snippet on the page prints. The MkDocs build engine lives in `execdocs.engine` and
`execdocs.plugin`, kept apart so these helpers import cleanly in a notebook.
"""

from lrlab.repro import Provenance, provenance, seed_everything, site_seed

__all__ = ["Provenance", "provenance", "seed_everything", "site_seed"]
