from lrlab.pipeline import run_pipeline, trace_sample
from lrlab.tables import table

# Test row 0 through the trained model, one module at a time.
run = run_pipeline()
x, linear1, relu, logits, probs = trace_sample(run, index=0)

rows = []
for unit, values in enumerate(zip(x.values, linear1.values, relu.values)):
    rows.append((str(unit), *(f"{v:.4f}" for v in values)))
print(table(("unit", "input", "after Linear(10, 10)", "after ReLU"), rows))
print()
rows = []
for cls, (logit, p) in enumerate(zip(logits.values, probs.values)):
    rows.append((str(cls), f"{logit:.4f}", f"{p:.4f}"))
print(table(("class", "logit", "softmax probability"), rows))
