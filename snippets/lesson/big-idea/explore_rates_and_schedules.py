import torch

from lrlab.explorer import Panel, training_explorer
from lrlab.pipeline import compare_runs, make_task
from lrlab.training import train_y2x

S = torch.optim.lr_scheduler
EPOCHS = 20
RATES = [0.03, 0.1, 0.3]
SCHEDULES = {
    "constant rate": None,
    "StepLR(step_size=5, gamma=0.5)": lambda o: S.StepLR(o, 5, gamma=0.5),
    "StepLR(step_size=5, gamma=0.1)": lambda o: S.StepLR(o, 5, gamma=0.1),
    "StepLR(step_size=10, gamma=0.5)": lambda o: S.StepLR(o, 10, gamma=0.5),
    "CosineAnnealingLR(T_max=20)": lambda o: S.CosineAnnealingLR(o, T_max=20),
}
task = make_task()


def run(lr, schedule):
    factory = SCHEDULES[schedule]
    y2x = [r.loss for r in train_y2x(lr, EPOCHS, factory)]
    classifier = compare_runs(task, lr, EPOCHS, factory)
    return y2x, [r.train_loss for r in classifier]


def per_epoch(ylabel, logy):
    return Panel(
        ylabel,
        xlabel="epoch",
        logy=logy,
        value_header="loss",
        index_header="epoch",
        show_t=False,
    )


print(
    training_explorer(
        "big-idea",
        grid={"lr": RATES, "schedule": list(SCHEDULES)},
        default={"lr": 0.1, "schedule": "StepLR(step_size=5, gamma=0.5)"},
        run=run,
        describe=lambda lr, schedule: f"SGD(lr={lr}), {schedule}",
        panels=[
            per_epoch("y = 2x fit: loss per epoch", logy=True),
            per_epoch("classifier: mean train loss per epoch", logy=False),
        ],
        note=(
            "Every curve here is a recorded PyTorch run: the build trained both "
            f"models for {EPOCHS} epochs at each of the "
            f"{len(RATES) * len(SCHEDULES)} combinations of starting rate and "
            "schedule below, from the same seed, initial weights and batches."
        ),
        title="Starting rate and schedule",
        recorded=f"{EPOCHS} epochs of plain SGD, both models",
    )
)
