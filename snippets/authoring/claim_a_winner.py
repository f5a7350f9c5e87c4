from lrlab.compare import compare
from lrlab.digits import compare_schedules, load_data
from lrlab.repro import site_seed

# Cosine and WSD from the same peak for the same 450 steps, on the same five seeds.
runs = compare_schedules(
    ["cosine", "WSD"], 0.1, [site_seed() + k for k in range(5)]
)
accuracy = {
    name: [run.test_acc for run in seeded] for name, seeded in runs.items()
}
images = len(load_data().y_test)  # accuracy differences in test images
comparison = compare(accuracy, "cosine", scale=images, unit="test images")
# A sentence typed on a page, "WSD beats cosine", checked against the paired runs: claim()
# returns the comparison's sentence if the runs back it, and raises ClaimError if not.
print(comparison.claim("WSD", "better", "cosine"))
