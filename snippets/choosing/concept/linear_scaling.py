from lrlab.digits import load_data, scaling_verdicts, train, warmup
from lrlab.repro import site_seed
from lrlab.tables import table

# Ten epochs at batch sizes 32, 128 and 512 (so 450, 120 and 30 steps), on five seeds (each its
# own split, weights and batch order). The rate at batch 32 is the base; at batch b it is kept
# ("same"), multiplied by b/32 with a one-epoch warm-up (Goyal et al.'s linear scaling rule) or
# by the square root of b/32.
seeds = [site_seed() + k for k in range(5)]
datasets = [load_data(seed) for seed in seeds]
rows, said = [], []


def accuracies(lr, optimizer, batch=32, schedule=None):
    runs = [
        train(
            data, lr, batch_size=batch, optimizer=optimizer, schedule=schedule
        )
        for data in datasets
    ]
    return [run.test_acc for run in runs]


def spread(values):
    return f"{sum(values) / len(values):.3f} ({min(values):.3f}-{max(values):.3f})"


for optimizer, base in {"SGD": 0.1, "Adam": 0.003}.items():
    reference = accuracies(base, optimizer)
    rows.append((optimizer, "32", "base", f"{base:g}", spread(reference)))
    for batch in (128, 512):
        k = batch / 32
        epoch = datasets[0].steps_per_epoch(batch)
        rules = {
            "same": (base, None),
            "linear": (base * k, warmup(epoch)),
            "square root": (base * k**0.5, None),
        }
        accuracy = {}
        for rule, (lr, schedule) in rules.items():
            accuracy[rule] = accuracies(lr, optimizer, batch, schedule)
            rows.append(
                (
                    optimizer,
                    str(batch),
                    rule,
                    f"{lr:.4g}",
                    spread(accuracy[rule]),
                )
            )
        label = f"{optimizer}, batch {batch}"
        images = len(datasets[0].y_test)
        said.append(scaling_verdicts(label, accuracy, reference, images))
headers = (
    "optimizer",
    "batch",
    "rule",
    "rate",
    "test acc: mean (lowest-highest)",
)
print(table(headers, rows, "markdown", align="lrlrr"))
print()
print(f"Over {len(seeds)} seeds, each rule against batch 32 on the same seed:")
print()
for summary, *pairs in said:
    print(f"- {summary}")
    print("\n".join(f"    - {sentence}" for sentence in pairs))
