from lrlab.pipeline import run_pipeline

# Which rate epoch 5 used, and what scheduler.step() set after it.
run = run_pipeline()
epoch5 = run.records[4]
print(f"epoch 5 used lr {epoch5.lr_used:g}")
print(f"after epoch 5, scheduler.get_last_lr() reports {epoch5.lr_after:g}")
print(f"epoch 6 used lr {run.records[5].lr_used:g}")
print(f"{epoch5.lr_used:g} then {epoch5.lr_after:g}")
