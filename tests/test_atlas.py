"""The scheduler atlas: every formula in lrlab.formulas against real PyTorch schedulers over a
range of arguments, the class discovery, and the build check that every class has a page."""

from __future__ import annotations

import re
from functools import partial

import pytest
import torch

from conftest import ROOT, SNIPPETS, reusing_session_runs, run_build
from lrlab import formulas as f
from lrlab.atlas import (
    FormulaMismatch,
    agreement,
    check_formula,
    checked_curve,
    docs_dir,
    excluded_classes,
    missing_pages,
    page_name,
    plateau_schedule,
    scheduler_classes,
)
from tools.bench import copy_site

S = torch.optim.lr_scheduler
LR = 0.1


def _half_every_3(epoch: int) -> float:
    return 0.5 ** (epoch // 3)


def _shrink(epoch: int) -> float:
    return 0.95 if epoch % 2 else 0.9


def alike(label: str, scheduler, formula, steps: int, **args):
    """A case whose PyTorch class and formula take the same arguments (the formula also takes
    the start rate, unless the arguments set the rates themselves)."""
    rate = {} if "max_lr" in args else {"lr": LR}
    return (label, partial(scheduler, **args), partial(formula, **rate, **args), steps)


# (id, scheduler factory, formula of t, steps)
CASES = [
    *(
        alike(f"StepLR-{size}-{gamma}", S.StepLR, f.step_lr, 40, step_size=size, gamma=gamma)
        for size, gamma in [(1, 0.5), (3, 0.1), (7, 0.9)]
    ),
    *(
        alike(
            f"MultiStepLR-{milestones}-{gamma}",
            S.MultiStepLR,
            f.multistep_lr,
            20,
            milestones=milestones,
            gamma=gamma,
        )
        for milestones, gamma in [([3, 8], 0.5), ([2, 2, 10], 0.3), ([0, 5], 0.1)]
    ),
    *(
        alike(
            f"ConstantLR-{factor:.3f}-{total}",
            S.ConstantLR,
            f.constant_lr,
            12,
            factor=factor,
            total_iters=total,
        )
        for factor, total in [(0.5, 4), (1 / 3, 5), (0.25, 1), (0.5, 0)]
    ),
    *(
        alike(
            f"LinearLR-{start:.3f}-{end}-{total}",
            S.LinearLR,
            f.linear_lr,
            15,
            start_factor=start,
            end_factor=end,
            total_iters=total,
        )
        for start, end, total in [
            (0.1, 1.0, 5),
            (1.0, 0.2, 8),
            (1 / 3, 1.0, 1),
            (0.5, 0.5, 4),
            (0.5, 1.0, 0),
        ]
    ),
    *(
        alike(f"ExponentialLR-{gamma}", S.ExponentialLR, f.exponential_lr, 30, gamma=gamma)
        for gamma in (0.5, 0.9, 1.0)
    ),
    *(
        alike(
            f"PolynomialLR-{total}-{power}",
            S.PolynomialLR,
            f.polynomial_lr,
            15,
            total_iters=total,
            power=power,
        )
        for total, power in [(5, 1.0), (10, 2.0), (7, 0.5)]
    ),
    *(
        alike(
            f"CosineAnnealingLR-{t_max}-{eta_min}",
            S.CosineAnnealingLR,
            f.cosine_annealing_lr,
            3 * t_max,
            T_max=t_max,
            eta_min=eta_min,
        )
        for t_max, eta_min in [(10, 0.0), (25, 0.001), (4, 0.01)]
    ),
    *(
        alike(
            f"CosineAnnealingWarmRestarts-{t0}-{mult}-{eta_min}",
            S.CosineAnnealingWarmRestarts,
            f.cosine_warm_restarts_lr,
            60,
            T_0=t0,
            T_mult=mult,
            eta_min=eta_min,
        )
        for t0, mult, eta_min in [(5, 1, 0.0), (3, 2, 0.001), (4, 3, 0.0)]
    ),
    *(
        alike(
            f"CyclicLR-{up}-{down}-{mode}",
            S.CyclicLR,
            f.cyclic_lr,
            40,
            base_lr=0.01,
            max_lr=0.1,
            step_size_up=up,
            step_size_down=down,
            mode=mode,
            gamma=gamma,
        )
        for up, down, mode, gamma in [
            (4, None, "triangular", 1.0),
            (3, 5, "triangular2", 1.0),
            (5, 2, "exp_range", 0.97),
        ]
    ),
    *(
        alike(
            f"OneCycleLR-{total}-{pct}-{strategy}-{three}",
            S.OneCycleLR,
            f.one_cycle_lr,
            total,
            max_lr=1.0,
            total_steps=total,
            pct_start=pct,
            anneal_strategy=strategy,
            three_phase=three,
        )
        for total, pct, strategy, three in [
            (20, 0.3, "cos", False),
            (50, 0.25, "linear", False),
            (30, 0.3, "cos", True),
            (40, 0.2, "linear", True),
        ]
    ),
]
CASES += [
    (
        "LambdaLR-half-every-3",
        partial(S.LambdaLR, lr_lambda=_half_every_3),
        partial(f.lambda_lr, lr=LR, factor=_half_every_3),
        15,
    ),
    (
        "MultiplicativeLR-alternating",
        partial(S.MultiplicativeLR, lr_lambda=_shrink),
        partial(f.multiplicative_lr, lr=LR, factor=_shrink),
        15,
    ),
    (
        "SequentialLR-linear-cosine",
        lambda opt: S.SequentialLR(
            opt,
            [S.LinearLR(opt, start_factor=0.1, total_iters=5), S.CosineAnnealingLR(opt, T_max=15)],
            milestones=[5],
        ),
        partial(
            f.sequential_lr,
            parts=[
                partial(f.linear_lr, lr=LR, start_factor=0.1, total_iters=5),
                partial(f.cosine_annealing_lr, lr=LR, T_max=15),
            ],
            milestones=[5],
        ),
        25,
    ),
    (
        "SequentialLR-constant-step-exponential",
        lambda opt: S.SequentialLR(
            opt,
            [
                S.ConstantLR(opt, factor=0.5, total_iters=10),
                S.StepLR(opt, step_size=2, gamma=0.5),
                S.ExponentialLR(opt, gamma=0.8),
            ],
            milestones=[4, 9],
        ),
        partial(
            f.sequential_lr,
            parts=[
                partial(f.constant_lr, lr=LR, factor=0.5, total_iters=10),
                partial(f.step_lr, lr=LR, step_size=2, gamma=0.5),
                partial(f.exponential_lr, lr=LR, gamma=0.8),
            ],
            milestones=[4, 9],
        ),
        20,
    ),
    (
        "ChainedScheduler-step-exponential",
        lambda opt: S.ChainedScheduler(
            [S.StepLR(opt, step_size=5, gamma=0.5), S.ExponentialLR(opt, gamma=0.95)]
        ),
        partial(
            f.chained_lr,
            lr=LR,
            parts=[
                partial(f.step_lr, lr=LR, step_size=5, gamma=0.5),
                partial(f.exponential_lr, lr=LR, gamma=0.95),
            ],
        ),
        30,
    ),
    (
        "ChainedScheduler-constant-linear-multistep",
        lambda opt: S.ChainedScheduler(
            [
                S.ConstantLR(opt, factor=0.5, total_iters=3),
                S.LinearLR(opt, start_factor=0.2, total_iters=6),
                S.MultiStepLR(opt, milestones=[8, 12], gamma=0.1),
            ]
        ),
        partial(
            f.chained_lr,
            lr=LR,
            parts=[
                partial(f.constant_lr, lr=LR, factor=0.5, total_iters=3),
                partial(f.linear_lr, lr=LR, start_factor=0.2, total_iters=6),
                partial(f.multistep_lr, lr=LR, milestones=[8, 12], gamma=0.1),
            ],
        ),
        20,
    ),
]


@pytest.mark.parametrize(
    ("factory", "formula", "steps"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_formula_matches_execution(factory, formula, steps):
    executed, expected, result = check_formula(factory, formula, steps, LR, "case")
    assert result.steps == steps
    assert executed == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_every_class_has_formula_cases():
    covered = {case[0].split("-")[0] for case in CASES} | {"ReduceLROnPlateau"}
    assert covered == set(scheduler_classes())


@pytest.mark.parametrize(
    "options",
    [
        {"patience": 2, "factor": 0.5},
        {"patience": 0, "factor": 0.1, "cooldown": 2},
        {"mode": "max", "patience": 1, "threshold": 0.05, "threshold_mode": "abs"},
        {"patience": 1, "factor": 0.1, "min_lr": 0.002},
        {"patience": 1, "factor": 0.5, "threshold": 0.2},
    ],
)
def test_plateau_recurrence_matches_execution(options):
    generator = torch.Generator().manual_seed(3)
    metrics = (1.0 / torch.arange(1, 41) + 0.05 * torch.rand(40, generator=generator)).tolist()
    metrics += [metrics[-1]] * 10
    executed = plateau_schedule(metrics, lr=LR, **options)
    expected = f.reduce_on_plateau_lrs(metrics, lr=LR, **options)
    assert len(set(executed)) > 1, "the case should reduce the rate at least once"
    assert executed == pytest.approx(expected, rel=1e-12)


def test_agreement_reports_the_first_mismatch():
    with pytest.raises(FormulaMismatch, match=r"optimizer step 3 \(t=2\)"):
        agreement([0.1, 0.1, 0.05], [0.1, 0.1, 0.1])
    with pytest.raises(FormulaMismatch, match="3 executed rates but 2"):
        agreement([0.1, 0.1, 0.1], [0.1, 0.1])


def test_a_wrong_formula_is_caught():
    with pytest.raises(FormulaMismatch):
        check_formula(
            partial(S.StepLR, step_size=3, gamma=0.5),
            partial(f.step_lr, lr=LR, step_size=4, gamma=0.5),
            10,
            LR,
            "StepLR",
        )


def test_formulas_reject_negative_steps():
    with pytest.raises(ValueError, match="t must be >= 0"):
        f.step_lr(-1, LR, step_size=2)


def test_discovery_excludes_base_and_private_classes():
    classes = scheduler_classes()
    assert "ReduceLROnPlateau" in classes
    assert "LRScheduler" not in classes
    assert not any(name.startswith("_") for name in classes)
    assert set(excluded_classes()) <= {"LRScheduler", "_LRScheduler"}
    for name in classes:
        assert isinstance(getattr(S, name), type)


def test_every_class_has_a_page_in_the_repository():
    docs = docs_dir(ROOT)
    assert missing_pages(scheduler_classes(), docs) == []
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in scheduler_classes():
        assert re.search(rf"\b{re.escape(page_name(name))}\b", nav), name


def test_missing_pages_names_the_gap(tmp_path):
    (tmp_path / "atlas").mkdir()
    (tmp_path / "atlas/steplr.md").write_text('--8<-- "atlas/steplr/curve.py"\n')
    (tmp_path / "atlas/linearlr.md").write_text("no curve here\n")
    assert missing_pages(["StepLR", "LinearLR", "OneCycleLR"], tmp_path) == [
        "LinearLR",
        "OneCycleLR",
    ]


def test_every_page_has_the_same_parts():
    for name in scheduler_classes():
        low = name.lower()
        text = (docs_dir(ROOT) / page_name(name)).read_text(encoding="utf-8")
        assert text.startswith(f"# {name}\n"), name
        for part in ("signature", "usage", "curve", "formula", "explorer"):
            assert f'id="atlas/{low}/{part}"' in text, (name, part)
            assert (SNIPPETS / f"atlas/{low}/{part}.py").is_file(), (name, part)
        assert "**When to use it.**" in text, name
        assert "## The formula" in text, name
        assert "## Explore the parameters" in text, name


@pytest.mark.build
def test_a_missing_page_a_wrong_formula_or_a_mistyped_grid_fails_the_build(built_site, tmp_path):
    project = copy_site(tmp_path / "project")
    # 1. A scheduler class loses its page (and its nav entry and index link, so only our check
    #    can notice).
    (project / "docs/atlas/polynomiallr.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(
        "\n".join(
            line
            for line in config.read_text(encoding="utf-8").splitlines()
            if "atlas/polynomiallr.md" not in line
        )
        + "\n",
        encoding="utf-8",
    )
    index = project / "docs/atlas/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("(polynomiallr.md)", "(index.md)"),
        encoding="utf-8",
    )
    # 2. A formula that no longer matches what PyTorch does.
    curve = project / "snippets/atlas/steplr/curve.py"
    text = curve.read_text(encoding="utf-8")
    assert "step_lr(t, lr=0.1, step_size=10, gamma=0.5)" in text
    curve.write_text(
        text.replace(
            "step_lr(t, lr=0.1, step_size=10, gamma=0.5)",
            "step_lr(t, lr=0.1, step_size=10, gamma=0.4)",
        )
    )
    # 3. An explorer grid with a mistyped parameter name.
    explorer = project / "snippets/atlas/exponentiallr/explorer.py"
    text = explorer.read_text(encoding="utf-8")
    assert 'grid={"gamma":' in text
    explorer.write_text(text.replace('grid={"gamma":', 'grid={"gama":'))
    # the session build's runs are reused, so the three blocks the faults touch are what run
    # (the index's coverage block because it declares it reads the atlas pages: reads=)
    reused = reusing_session_runs(built_site, tmp_path / "cache")
    result = run_build(project, tmp_path / "site", **reused)
    assert result.returncode != 0
    assert "docs/atlas/exponentiallr.md" in result.stderr
    assert "GridError" in result.stderr
    assert "docs/atlas/index.md" in result.stderr
    assert "atlas/index/coverage" in result.stderr
    assert "PolynomialLR" in result.stderr
    assert "docs/atlas/polynomiallr.md" in result.stderr
    assert "docs/atlas/steplr.md" in result.stderr
    assert "FormulaMismatch" in result.stderr
    assert "t=10" in result.stderr


def test_curves_number_steps_from_one():
    html = checked_curve(
        "StepLR",
        partial(S.StepLR, step_size=2, gamma=0.5),
        partial(f.step_lr, lr=LR, step_size=2, gamma=0.5),
        steps=4,
        lr=LR,
    )
    assert "optimizer step (the first is 1)" in html
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells[:2] == ["1", "0"], "first row: step 1, t = 0"
    assert "at all 4 steps" in html


def test_only_the_index_names_the_checking_files():
    for page in sorted((docs_dir(ROOT) / "atlas").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        named = "tests/test_atlas.py" in text or "lrlab.formulas" in text
        assert named == (page.name == "index.md" and page.parent.name == "atlas"), page


@pytest.mark.build
def test_every_atlas_formula_is_typeset(built_site):
    for name in scheduler_classes():
        page = (built_site / f"atlas/{name.lower()}/index.html").read_text(encoding="utf-8")
        section = page.split('id="the-formula"', 1)[1].split("<h2", 1)[0]
        assert "<math " in section, name
        assert "lrlab-tex" in section, f"{name}: the LaTeX source to copy"
        assert "<code>lr_t" not in section, f"{name}: a formula left in code font"
