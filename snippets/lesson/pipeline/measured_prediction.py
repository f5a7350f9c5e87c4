import math

from lrlab.pipeline import run_pipeline, trace_sample

run = run_pipeline()
steps = trace_sample(run, index=0)
logits, probs = steps[-2].values, steps[-1].values
hidden = steps[1].values
silenced = sum(1 for v in hidden if v <= 0)
predicted = max(range(len(probs)), key=probs.__getitem__)
label = int(run.task.y_test[0])
verdict = "right" if predicted == label else "wrong"
print(
    f"ReLU sets {silenced} of the {len(hidden)} hidden values to zero. The logits are "
    f"{logits[0]:.4f} and {logits[1]:.4f}; softmax turns them into probabilities "
    f"{probs[0]:.4f} and {probs[1]:.4f}, so the model predicts class {predicted} with "
    f"probability {probs[predicted]:.4f}. The true label is {label}, so the prediction is "
    f"{verdict}, and this sample's cross-entropy loss is -ln({probs[label]:.4f}) = "
    f"{-math.log(probs[label]):.4f}."
)
