from lrlab.pipeline import lr_change_epochs, run_pipeline

run = run_pipeline()
changes = lr_change_epochs(run.records)
said = "; ".join(
    f"epoch {epoch} is the first to use {lr:.4g}, although the scheduler already reports it "
    f"after epoch {epoch - 1}"
    for epoch, lr in changes
)
print(
    f"The rate starts at {run.records[0].lr_used:.4g} and changes {len(changes)} times: {said}. "
    f"The last row's {run.records[-1].lr_after:.4g} is a rate no epoch of this run uses."
)
