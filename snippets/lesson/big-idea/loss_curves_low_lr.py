from lrlab.pipeline import (
    compare_fixed_and_steplr,
    comparison_chart,
    make_task,
)

# The seed lesson's start rate 0.1, StepLR(step_size=20, gamma=0.1), 60 epochs.
pair = compare_fixed_and_steplr(
    make_task(), lr=0.1, epochs=60, step_size=20, gamma=0.1
)
print(comparison_chart(pair))
