from lrlab.compare import compare
from lrlab.digits import SCHEDULES, load_data, spread, train
from lrlab.repro import site_seed
from lrlab.tables import table

# Schedule-free SGD and AdamW against the same optimizer family with a cosine schedule, at the
# same peak rate and 450 steps, over five seeds, compared seed by seed.
pairs = [
    ("SGD schedule-free", "SGD", 0.3),
    ("AdamW schedule-free", "Adam", 0.01),
]
seeds = [site_seed() + k for k in range(5)]
rows, said = [], []
for free, scheduled, lr in pairs:
    free_acc, cosine_acc = [], []
    for seed in seeds:
        data = load_data(seed)
        free_acc.append(train(data, lr, epochs=10, optimizer=free).test_acc)
        cosine = train(
            data,
            lr,
            epochs=10,
            optimizer=scheduled,
            schedule=SCHEDULES["cosine"],
        )
        cosine_acc.append(cosine.test_acc)
    images = len(data.y_test)
    runs = {free: free_acc, f"{scheduled} + cosine": cosine_acc}
    said += compare(runs, scale=images, unit="test images").sentences()
    for name, accs in (
        (free, free_acc),
        (f"{scheduled} + cosine", cosine_acc),
    ):
        mean, low, high = spread(accs)
        rows.append(
            (
                name,
                f"{lr:g}",
                ", ".join(f"{a:.3f}" for a in accs),
                f"{mean:.3f}",
                f"{high - low:.3f}",
            )
        )
headers = ("optimizer", "peak rate", "test acc per seed", "mean", "spread")
print(table(headers, rows, "markdown", align="lrlrr"))
print()
print("\n".join(f"- {sentence}" for sentence in said))
