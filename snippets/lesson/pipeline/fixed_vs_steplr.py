from lrlab.pipeline import compare_runs, make_task, run_pipeline
from lrlab.tables import table

# The same task, init and batches, with the rate fixed at 0.1 for 15 epochs.
scheduled = run_pipeline().records
fixed = compare_runs(make_task(), lr=0.1, epochs=15, schedule=None)
rows = []
for name, records in (("fixed lr 0.1", fixed), ("StepLR from 0.1", scheduled)):
    last = records[-1]
    lr, loss = f"{last.lr_used:.4g}", f"{last.train_loss:.4f}"
    rows.append((name, lr, loss, f"{last.test_acc:.3f}"))
headers = ("run", "last lr used", "final train loss", "final test acc")
print(table(headers, rows, align="lrrr"))
