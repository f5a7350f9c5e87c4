import textwrap

from lrlab.atlas import (
    docs_dir,
    excluded_classes,
    missing_pages,
    page_name,
    scheduler_classes,
)
from lrlab.repro import torch_version

# Discover the scheduler classes of the installed torch and fail (and so fail
# the build) if any of them has no atlas page with its checked curve.
classes = scheduler_classes()
missing = missing_pages(classes, docs_dir())
if missing:
    expected = ", ".join(f"docs/{page_name(name)}" for name in missing)
    raise RuntimeError(
        f"scheduler classes without an atlas page: {', '.join(missing)} "
        f"(add {expected}, including its checked curve)"
    )
print(
    f"torch {torch_version()}: {len(classes)} public scheduler classes, "
    "each with a page"
)
for name in classes:
    print(f"  {name:<28} docs/{page_name(name)}")
print("Left out on purpose:")
for name, why in excluded_classes().items():
    lines = textwrap.wrap(f"{name}: {why}", 74)
    print("  " + "\n    ".join(lines))
