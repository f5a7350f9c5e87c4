from lrlab.digits import load_data, train, warmup
from lrlab.tables import table

# Ten epochs at batch sizes 32, 128 and 512 (so 450, 120 and 30 steps). The rate at batch 32 is
# the base; at batch b it is kept ("same"), multiplied by b/32 with a one-epoch warm-up (Goyal et
# al.'s linear scaling rule) or by the square root of b/32.
data = load_data()
bases = {"SGD": 0.1, "Adam": 0.003}
images = len(data.y_test)
rows, verdicts = [], []
for optimizer, base in bases.items():
    reference = train(data, base, epochs=10, optimizer=optimizer)
    rows.append(
        (optimizer, "32", "base", f"{base:g}", f"{reference.test_acc:.3f}")
    )
    for batch in (128, 512):
        k = batch / 32
        rules = {
            "same": (base, None),
            "linear": (base * k, warmup(data.steps_per_epoch(batch))),
            "square root": (base * k**0.5, None),
        }
        result = {}
        for rule, (lr, schedule) in rules.items():
            run = train(
                data,
                lr,
                epochs=10,
                batch_size=batch,
                optimizer=optimizer,
                schedule=schedule,
            )
            result[rule] = run.test_acc
            rows.append(
                (
                    optimizer,
                    str(batch),
                    rule,
                    f"{lr:.4g}",
                    f"{run.test_acc:.3f}",
                )
            )
        change = round((result["linear"] - reference.test_acc) * images)
        best = max(result, key=result.get)
        count = f"{abs(change)} test image{'' if abs(change) == 1 else 's'}"
        if change < -0.05 * images:
            held = f"breaks down: {count} fewer right than at batch 32"
        elif change < 0:
            held = f"nearly holds: {count} fewer right than at batch 32"
        else:
            held = f"holds: {count} more right than at batch 32"
        verdicts.append(
            f"- {optimizer}, batch {batch}: the linear rule {held} "
            f"({result['linear']:.3f} against {reference.test_acc:.3f}); "
            f"the best of the three rules here: **{best}**."
        )
headers = ("optimizer", "batch", "rule", "rate", "test acc")
print(table(headers, rows, "markdown", align="lrlrr"))
print()
print("\n".join(verdicts))
