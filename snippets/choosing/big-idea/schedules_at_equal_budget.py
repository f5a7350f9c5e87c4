from lrlab.digits import (
    SCHEDULES,
    compare_schedules,
    load_data,
    range_test,
    round_rate,
    schedule_verdicts,
    spread_chart,
)
from lrlab.repro import site_seed

# Every schedule from the same peak rate (the range test's steepest fall, to one digit), for the
# same 450 steps, over five seeds: each seed its own split, initial weights and batch order.
data = load_data()
peak = round_rate(range_test(data).steepest())
seeds = [site_seed() + k for k in range(5)]
runs = compare_schedules(list(SCHEDULES), peak, seeds, epochs=10)

accuracy = {
    name: [run.test_acc for run in seeded] for name, seeded in runs.items()
}
loss = {
    name: [run.test_loss for run in seeded] for name, seeded in runs.items()
}
budget = f"{runs['constant'][0].steps} steps from a peak rate of {peak}, {len(seeds)} seeds"
print(
    spread_chart(
        accuracy, caption=f"Test accuracy, {budget}", ylabel="test accuracy"
    )
)
print(
    spread_chart(
        loss,
        caption=f"Test loss, {budget}",
        ylabel="test loss (cross-entropy)",
    )
)
said = schedule_verdicts(accuracy, loss, images=len(data.y_test))
print("<ul>" + "".join(f"<li>{sentence}</li>" for sentence in said) + "</ul>")
