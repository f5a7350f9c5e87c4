from lrlab.digits import load_data, scaling_verdict, train, warmup
from lrlab.tables import table

# Ten epochs at batch sizes 32, 128 and 512 (so 450, 120 and 30 steps). The rate at batch 32 is
# the base; at batch b it is kept ("same"), multiplied by b/32 with a one-epoch warm-up (Goyal et
# al.'s linear scaling rule) or by the square root of b/32.
data = load_data()
rows, said = [], []
for optimizer, base in {"SGD": 0.1, "Adam": 0.003}.items():
    reference = train(data, base, epochs=10, optimizer=optimizer).test_acc
    rows.append((optimizer, "32", "base", f"{base:g}", f"{reference:.3f}"))
    for batch in (128, 512):
        k = batch / 32
        rules = {
            "same": (base, None),
            "linear": (base * k, warmup(data.steps_per_epoch(batch))),
            "square root": (base * k**0.5, None),
        }
        accuracy = {}
        for rule, (lr, schedule) in rules.items():
            run = train(
                data,
                lr,
                batch_size=batch,
                optimizer=optimizer,
                schedule=schedule,
            )
            accuracy[rule] = run.test_acc
            rows.append(
                (
                    optimizer,
                    str(batch),
                    rule,
                    f"{lr:.4g}",
                    f"{run.test_acc:.3f}",
                )
            )
        label = f"{optimizer}, batch {batch}"
        said.append(
            scaling_verdict(
                label, accuracy, reference, images=len(data.y_test)
            )
        )
print(
    table(
        ("optimizer", "batch", "rule", "rate", "test acc"),
        rows,
        "markdown",
        align="lrlrr",
    )
)
print()
print("\n".join(f"- {sentence}" for sentence in said))
