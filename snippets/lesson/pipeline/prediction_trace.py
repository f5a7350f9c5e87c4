from lrlab.pipeline import run_pipeline, trace_sample
from lrlab.tables import table

# Test row 0 through the trained model, one module at a time.
run = run_pipeline()
x, linear1, relu, logits, probs = trace_sample(run, index=0)

units = zip(x.values, linear1.values, relu.values, strict=True)
rows = [(str(i), f"{a:.4f}", f"{b:.4f}", f"{c:.4f}") for i, (a, b, c) in enumerate(units)]
print(table(("unit", "input", "after Linear(10, 10)", "after ReLU"), rows))
print()
classes = zip(logits.values, probs.values, strict=True)
rows = [(str(i), f"{z:.4f}", f"{p:.4f}") for i, (z, p) in enumerate(classes)]
print(table(("class", "logit", "softmax probability"), rows))
