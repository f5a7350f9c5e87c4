from lrlab.repro import site_seed
from lrlab.stability import edge_summary, sharpness_trace
from lrlab.stability.said import bullets, edge_sentences, sharpness_chart

# Full-batch gradient descent (plain SGD) on 100 digits images, tanh MLP
# 64-32-32-10, MSE loss, 500 steps; the sharpness every 50 steps. Two
# rates, three seeds each (split, weights and power-iteration start).
seeds = [site_seed() + k for k in range(3)]
rates = (0.12, 0.2)
traces = {lr: [sharpness_trace(lr, seed=s) for s in seeds] for lr in rates}
print(sharpness_chart(traces))
print(bullets(edge_sentences(traces)))

# What the page says around this chart, checked against the runs: the
# sharpness rises on every seed at both rates; at the larger rate it reaches
# 2 / lr, then stays within 20 % of it and, on average, just above it on
# every seed; the loss rises on some steps while falling overall. The
# smaller rate sharpens for longer and reaches 2 / lr only in the run's last
# half. (No run diverged: edge_summary refuses a trace that did.)
small, edge = (edge_summary(traces[lr]) for lr in rates)
assert min(small.reached) > max(edge.reached)
assert min(small.reached) > traces[rates[0]][0].steps // 2
assert all(run.rise() > 1 for runs in traces.values() for run in runs)
assert all(step is not None for step in edge.reached)
assert 0.8 <= edge.late_band[0]
assert edge.late_band[1] <= 1.2
assert edge.late_ratio[1] > 1
assert edge.loss_increases[1] > 0
assert edge.loss_kept[2] < 1
