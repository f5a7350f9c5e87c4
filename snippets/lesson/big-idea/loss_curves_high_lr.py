from lrlab.pipeline import (
    compare_fixed_and_steplr,
    comparison_chart,
    make_task,
)

# The before/after pair: start rate 1.0, StepLR(step_size=20, gamma=0.1), 60 epochs.
pair = compare_fixed_and_steplr(
    make_task(), lr=1.0, epochs=60, step_size=20, gamma=0.1
)
print(comparison_chart(pair))
