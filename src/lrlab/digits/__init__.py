"""The second lesson's helpers, re-exported from the modules below: lessons import them from here.

The task is scikit-learn's handwritten digits, a small MLP, and the runs that choose a learning
rate and its schedule: `data` (the digits and the MLP), `schedules` (the five compared, WSD,
warm-up), `training` (the optimizers and the loop), `lr_range` (the range test), `cooldowns`
(WSD cooldowns branched off one run), `charts` and `verdicts` (the sentences comparisons print).
Every function takes a seed (the site seed by default) that fixes the split, the initial weights
and the order of the batches, and returns what happened; nothing here prints, caches or keeps
state between calls.
"""

from lrlab.digits.charts import range_test_chart, rates_chart, spread_chart
from lrlab.digits.cooldowns import Branch, branch_cooldowns
from lrlab.digits.data import (
    BATCH_SIZE,
    CLASSES,
    HIDDEN,
    PIXELS,
    TEST_SHARE,
    Digits,
    build_mlp,
    evaluate,
    load_data,
    train_loader,
)
from lrlab.digits.lr_range import RangeTest, lr_finder_range_test, range_test, round_rate
from lrlab.digits.schedules import SCHEDULES, Schedule, schedule_named, warmup, wsd_factor
from lrlab.digits.training import (
    OPTIMIZERS,
    Run,
    _loop,  # tests/test_digits.py trains in pieces with it
    compare_schedules,
    epochs_of,
    is_schedule_free,
    make_optimizer,
    spread,
    train,
)
from lrlab.digits.verdicts import reading_verdicts, scaling_verdicts, schedule_verdicts

__all__ = [
    "BATCH_SIZE",
    "CLASSES",
    "HIDDEN",
    "OPTIMIZERS",
    "PIXELS",
    "SCHEDULES",
    "TEST_SHARE",
    "Branch",
    "Digits",
    "RangeTest",
    "Run",
    "Schedule",
    "_loop",
    "branch_cooldowns",
    "build_mlp",
    "compare_schedules",
    "epochs_of",
    "evaluate",
    "is_schedule_free",
    "load_data",
    "lr_finder_range_test",
    "make_optimizer",
    "range_test",
    "range_test_chart",
    "rates_chart",
    "reading_verdicts",
    "round_rate",
    "scaling_verdicts",
    "schedule_named",
    "schedule_verdicts",
    "spread",
    "spread_chart",
    "train",
    "train_loader",
    "warmup",
    "wsd_factor",
]
